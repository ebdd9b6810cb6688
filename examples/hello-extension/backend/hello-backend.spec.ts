import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createHelloBackend } from "./hello-backend.js";

let dir: string;
const server = createHelloBackend();

function call(path: string, method = "GET", body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ socketPath: join(dir, "hello.sock"), path, method }, (res) => {
      let text = "";
      res.on("data", (c) => {
        text += c;
      });
      res.on("end", () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("hello-extension backend on its unix socket", () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "hello-backend-"));
    await new Promise<void>((r) => server.listen(join(dir, "hello.sock"), r));
  });
  after(async () => {
    await new Promise((r) => server.close(r));
    await rm(dir, { recursive: true, force: true });
  });

  it("greets in JSON", async () => {
    assert.deepEqual(JSON.parse((await call("/hello")).body), {
      message: "hello from the backend",
    });
  });

  it("echoes what it was sent", async () => {
    const echo = JSON.parse((await call("/echo?q=1", "POST", '{"greeting":"hi"}')).body);
    assert.deepEqual(echo, { method: "POST", path: "/echo?q=1", body: '{"greeting":"hi"}' });
  });

  it("answers any status code, and 404 elsewhere", async () => {
    assert.deepEqual(await call("/status/503"), { status: 503, body: "status 503" });
    assert.equal((await call("/nope")).status, 404);
  });
});
