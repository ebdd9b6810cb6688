import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { tempDir } from "@ddbridge/testing";
import { contextHost } from "./docker-context.js";

/** A docker config folder with one context, laid out as the docker CLI stores it. */
async function configWith(name: string, host: string, current?: string) {
  const tmp = await tempDir();
  const id = createHash("sha256").update(name).digest("hex");
  const meta = join(tmp.dir, ".docker", "contexts", "meta", id);
  await mkdir(meta, { recursive: true });
  await writeFile(
    join(meta, "meta.json"),
    JSON.stringify({ Name: name, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
  );
  if (current) {
    await writeFile(
      join(tmp.dir, ".docker", "config.json"),
      JSON.stringify({ currentContext: current }),
    );
  }
  return tmp;
}

describe("contextHost", () => {
  it("follows config.json's currentContext, and DOCKER_CONTEXT over it", async () => {
    const tmp = await configWith("colima", "unix:///home/me/.colima/docker.sock", "colima");
    try {
      assert.equal(contextHost({}, tmp.dir), "unix:///home/me/.colima/docker.sock");
      assert.equal(contextHost({ DOCKER_CONTEXT: "default" }, tmp.dir), undefined);
      assert.equal(contextHost({ DOCKER_CONTEXT: "missing" }, tmp.dir), undefined);
      assert.equal(
        contextHost({ DOCKER_CONFIG: join(tmp.dir, ".docker") }, "/nonexistent"),
        "unix:///home/me/.colima/docker.sock",
      );
    } finally {
      await tmp.remove();
    }
  });

  it("is undefined without a config, or for the default context", async () => {
    const tmp = await configWith("remote", "ssh://me@host", "default");
    try {
      assert.equal(contextHost({}, tmp.dir), undefined);
      assert.equal(contextHost({ DOCKER_CONTEXT: "remote" }, tmp.dir), "ssh://me@host");
      assert.equal(contextHost({}, "/nonexistent"), undefined);
    } finally {
      await tmp.remove();
    }
  });
});
