import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import * as net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { listenUnix } from "./listen.js";

describe("listenUnix", () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "ddbridge-listen-"));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("never deletes what is not a socket: a regular file, a folder, a symlink", async () => {
    const file = join(dir, "notes.txt");
    await writeFile(file, "keep me");
    await assert.rejects(
      listenUnix(net.createServer(), file),
      /a regular file is there, not a socket/,
    );
    assert.equal(await readFile(file, "utf8"), "keep me");
    await assert.rejects(listenUnix(net.createServer(), dir), /a folder is there/);
    const link = join(dir, "link.sock");
    await symlink(file, link);
    await assert.rejects(listenUnix(net.createServer(), link), /a symlink is there/);
    assert.equal(await readFile(file, "utf8"), "keep me");
  });

  it("replaces a stale socket nobody listens on, and refuses a live one", async () => {
    const path = join(dir, "d.sock");
    // A process that dies listening leaves its socket file behind.
    const r = spawnSync(process.execPath, [
      "-e",
      `require("net").createServer().listen(${JSON.stringify(path)}, () => process.exit(0))`,
    ]);
    assert.equal(r.status, 0, String(r.stderr));
    assert.ok((await stat(path)).isSocket());
    const server = net.createServer((s) => s.destroy());
    await listenUnix(server, path);
    try {
      assert.equal((await stat(path)).mode & 0o777, 0o600);
      await assert.rejects(listenUnix(net.createServer(), path), /another process is listening/);
    } finally {
      await new Promise((res) => server.close(res));
    }
  });
});
