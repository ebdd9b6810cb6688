import assert from "node:assert/strict";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { it } from "node:test";
import { tempDir } from "@ddbridge/testing";
import { writeRecording } from "./write-recording.js";

it("writes recordings for their owner only, through the redaction hook", async () => {
  const tmp = await tempDir();
  try {
    const file = join(tmp.dir, "recordings", "app.json");
    await writeFile(join(tmp.dir, "old.json"), "{}", { mode: 0o644 });
    const calls = [
      { api: "extension.vm.service.get" as const, args: ["/me"], result: { token: "s3cret" } },
    ];
    await writeRecording(file, calls, (c) => ({ ...c, result: { token: "<token>" } }));
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    const text = await readFile(file, "utf8");
    assert.doesNotMatch(text, /s3cret/);
    assert.match(text, /<token>/);
    // An existing, world-readable recording becomes 0600 too.
    const old = join(tmp.dir, "old.json");
    await writeRecording(old, []);
    assert.equal((await stat(old)).mode & 0o777, 0o600);
  } finally {
    await tmp.remove();
  }
});
