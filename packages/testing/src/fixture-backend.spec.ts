import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createFixtureBackend } from "./fixture-backend.js";

let dir: string;
let socketPath: string;
const server = createFixtureBackend();

function get(path: string, method = "GET", body?: string) {
  return new Promise<{ status: number; type: string | undefined; body: Buffer }>(
    (resolve, reject) => {
      const req = request({ socketPath, path, method }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode!,
            type: res.headers["content-type"],
            body: Buffer.concat(chunks),
          }),
        );
      });
      req.on("error", reject);
      req.end(body);
    },
  );
}

describe("fixture backend on its unix socket", () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "fixture-backend-"));
    socketPath = join(dir, "hello.sock");
    await new Promise<void>((r) => server.listen(socketPath, r));
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it("serves JSON, text and binary", async () => {
    assert.deepEqual(JSON.parse((await get("/hello")).body.toString()), {
      message: "hello from the backend",
    });
    assert.equal((await get("/text")).type, "text/plain; charset=utf-8");
    assert.equal((await get("/binary")).body.length, 256);
  });

  it("answers any status code, with no body for 204", async () => {
    const r = await get("/status/503");
    assert.equal(r.status, 503);
    assert.equal(r.body.toString(), "status 503");
    assert.equal((await get("/status/204")).body.length, 0);
    assert.equal((await get("/nope")).status, 404);
  });

  it("writes large patterned bodies and server-sent events", async () => {
    const large = await get("/large?bytes=100000");
    assert.equal(large.body.length, 100000);
    assert.equal(large.body[99999], 99999 % 251);
    assert.equal(
      (await get("/events?count=2&ms=10")).body.toString(),
      "data: event 1\n\ndata: event 2\n\n",
    );
  });

  it("echoes requests", async () => {
    const echo = JSON.parse((await get("/echo?q=1", "POST", "hi")).body.toString());
    assert.equal(echo.method, "POST");
    assert.equal(echo.path, "/echo?q=1");
    assert.equal(echo.body, "hi");
  });
});
