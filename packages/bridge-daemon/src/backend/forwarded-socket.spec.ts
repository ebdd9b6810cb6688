import assert from "node:assert/strict";
import * as net from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { pathExists, tempDir } from "@ddbridge/testing";
import { forwardSocket } from "./forwarded-socket.js";

test("a forwarded socket joins each connection to the opened one, both ways, and refuses when open fails", async () => {
  const tmp = await tempDir();
  const real = net
    .createServer((s) => s.on("error", () => {}).pipe(s))
    .listen(join(tmp.dir, "real.sock"));
  await new Promise((r) => real.once("listening", r));
  let fail = false;
  const errors: string[] = [];
  const fwd = await forwardSocket(
    join(tmp.dir, "sub", "fwd.sock"),
    async () => {
      if (fail) throw new Error("nothing listens there");
      return net.connect(join(tmp.dir, "real.sock"));
    },
    (err) => errors.push(err.message),
  );
  try {
    const echo = await new Promise<string>((resolve) => {
      const c = net.connect(fwd.path, () => c.end("ping")).on("error", () => {});
      let got = "";
      c.on("data", (d) => (got += d));
      c.on("close", () => resolve(got));
    });
    assert.equal(echo, "ping");
    fail = true;
    const closed = await new Promise<string>((resolve) => {
      const c = net.connect(fwd.path).on("error", () => {});
      c.on("data", () => resolve("data"));
      c.on("close", () => resolve("closed"));
    });
    assert.equal(closed, "closed");
    assert.deepEqual(errors, ["nothing listens there"]);
  } finally {
    await fwd.close();
    assert.equal(await pathExists(fwd.path), false, "the socket file is gone once close resolves");
    real.close();
    await tmp.remove();
  }
});
