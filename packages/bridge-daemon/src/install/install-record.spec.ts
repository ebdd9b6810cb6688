import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { tempDir } from "@ddbridge/testing";
import { extensionFolder, installTarget, slugOf } from "./install-record.js";

describe("slugOf and installTarget", () => {
  it("make a readable name usable for folders, containers and volumes", async () => {
    assert.match(
      slugOf("/h", "image\0x", "docker/logs-explorer-extension:0.2.1"),
      /^docker-logs-explorer-extension-0\.2\.1-[0-9a-f]{10}$/,
    );
    assert.match(
      slugOf("/h", "k", "Registry:5000/Team/Ext@sha256:ab"),
      /^registry-5000-team-ext-sha256-ab-[0-9a-f]{10}$/,
    );
    assert.match(slugOf("/h", "k", "///"), /^extension-[0-9a-f]{10}$/);
    assert.match(slugOf("/h", "k", "x".repeat(300)), /^x{40}-[0-9a-f]{10}$/);
    for (const s of [slugOf("/h", "k", "../.."), slugOf("/h", "k", "-a")]) {
      assert.doesNotThrow(() => extensionFolder("/h", s), s);
    }
  });

  it("never give two sources, or two homes, one install", async () => {
    const refs = ["a/b:1", "a-b:1", "a/b-1", "A/B:1"];
    const slugs = await Promise.all(refs.map(async (r) => (await installTarget("/h", r)).slug));
    assert.equal(new Set(slugs).size, refs.length, slugs.join(" "));
    assert.notEqual(
      (await installTarget("/h1", "a/b:1")).slug,
      (await installTarget("/h2", "a/b:1")).slug,
    );
    assert.equal(
      (await installTarget("/h", "a/b:1")).slug,
      (await installTarget("/h/", "a/b:1")).slug,
    );
    // Two folders with one base name: two installs, two image tags.
    const tmp = await tempDir();
    try {
      const [one, two] = [join(tmp.dir, "1", "ext"), join(tmp.dir, "2", "ext")];
      await mkdir(one, { recursive: true });
      await mkdir(two, { recursive: true });
      const [a, b] = [await installTarget("/h", one), await installTarget("/h", two)];
      assert.ok(a.folder && b.folder);
      assert.match(a.slug, /^ext-[0-9a-f]{10}$/);
      assert.notEqual(a.slug, b.slug);
      assert.equal(a.image, `ddbridge.local/${a.slug}:latest`);
    } finally {
      await tmp.remove();
    }
  });
});
