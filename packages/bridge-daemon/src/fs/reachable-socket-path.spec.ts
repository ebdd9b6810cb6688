import assert from "node:assert/strict";
import { mkdir, rm } from "node:fs/promises";
import * as net from "node:net";
import { join } from "node:path";
import { it } from "node:test";
import { tempDir } from "@ddbridge/testing";
import { reachableSocketPath } from "./reachable-socket-path.js";

const connects = (path: string) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(path);
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });

it("reaches a socket deeper than sun_path allows, and leaves short paths alone", {
  skip: process.platform !== "linux" && "Linux only",
}, async () => {
  const tmp = await tempDir();
  const deep = join(tmp.dir, "a".repeat(60), "b".repeat(60));
  await mkdir(deep, { recursive: true });
  const path = join(deep, "backend.sock");
  assert.ok(Buffer.byteLength(path) > 107);
  const server = net.createServer((s) => s.end());
  // Bound through the same kind of short path: bind() has the same limit.
  await new Promise<void>((resolve) => server.listen(reachableSocketPath(path), resolve));
  try {
    assert.equal(await connects(path), false, "the plain path is too long for connect()");
    const short = reachableSocketPath(path);
    assert.match(short, /^\/proc\/self\/fd\/\d+\/backend\.sock$/);
    assert.equal(reachableSocketPath(path), short, "the folder is opened once");
    assert.equal(await connects(short), true);
    const near = join(tmp.dir, "s.sock");
    assert.equal(reachableSocketPath(near), near);
  } finally {
    server.close();
    await rm(tmp.dir, { recursive: true, force: true });
  }
});
