import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readReadyFile, removeReadyFile, writeReadyFile } from "./ready-file.js";

describe("ready file", () => {
  it("is written whole by a rename (0600, no temporary left), read back, and removed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ready-"));
    try {
      const path = join(dir, "ready.json");
      assert.equal(await readReadyFile(path), undefined);
      const signal = { url: "http://127.0.0.1:1234", pid: 42, version: "0.1.0" };
      await writeReadyFile(path, signal);
      assert.deepEqual(await readReadyFile(path), signal);
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      assert.deepEqual(await readdir(dir), ["ready.json"]);
      // Another process's signal at the same path stays.
      await writeReadyFile(path, { ...signal, pid: process.pid + 1 });
      await removeReadyFile(path);
      assert.equal((await readReadyFile(path))?.pid, process.pid + 1);
      await writeReadyFile(path, { ...signal, pid: process.pid });
      await removeReadyFile(path);
      await removeReadyFile(path);
      assert.equal(await readReadyFile(path), undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
