import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { Exec, HttpService, Target } from "@ddbridge/proto";
import { eventually, isAlive, startBridge, type TestBridge, TOKEN } from "@ddbridge/testing";
import { createNodeTransport } from "./create-node-transport.js";

describe("the ddbridge gRPC transport (createNodeTransport's default)", () => {
  let bridge: TestBridge;
  before(async () => {
    bridge = await startBridge({ maxBodyBytes: 64 * 1024 });
  });
  after(() => bridge.close());
  const transport = (token = TOKEN) => createNodeTransport({ url: bridge.url, token });

  it("calls unary methods, many at once on one session", async () => {
    const http = createClient(HttpService, transport());
    const all = await Promise.all(
      Array.from({ length: 200 }, (_, i) => http.call({ method: "GET", path: `/echo?i=${i}` })),
    );
    all.forEach((res, i) => {
      assert.equal(res.status, 200);
      assert.equal(JSON.parse(Buffer.from(res.body).toString()).path, `/echo?i=${i}`);
    });
  });

  it("streams every message in order, then the status", async () => {
    const exec = createClient(Exec, transport());
    let bytes = 0;
    let close: unknown;
    for await (const r of exec.run({ target: Target.HOST, command: "spew", args: ["3000000"] })) {
      if (r.event.case === "output") bytes += r.event.value.data.byteLength;
      else if (r.event.case === "close") close = r.event.value.exitCode;
    }
    assert.equal(bytes, 3_000_000);
    assert.equal(close, 0);
  });

  it("maps errors: trailers-only status, HTTP status, message limit", async () => {
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => ConnectError.from(e).code,
      );
    const http = createClient(HttpService, transport());
    assert.equal(
      await codeOf(http.call({ method: "GET", path: "http://elsewhere/" })),
      Code.InvalidArgument,
    );
    const wrong = createClient(HttpService, transport("wrong-token-0123456789-abcdefghijklmn"));
    assert.equal(await codeOf(wrong.call({ path: "/hello" })), Code.Unauthenticated);
    assert.equal(
      await codeOf(http.call({ path: `/large?bytes=${1024 * 1024}` })),
      Code.ResourceExhausted,
    );
    const exec = createClient(Exec, transport());
    const run = async () => {
      for await (const _ of exec.run({ target: Target.UNSPECIFIED, command: "x" }));
    };
    assert.equal(await codeOf(run()), Code.InvalidArgument);
  });

  it("a deadline ends the call and the command", async () => {
    const exec = createClient(Exec, transport());
    let pid = 0;
    const err = await (async () => {
      for await (const r of exec.run(
        { target: Target.HOST, command: "sleeper" },
        { timeoutMs: 500 },
      )) {
        if (r.event.case === "output") pid = Number(Buffer.from(r.event.value.data).toString());
      }
    })().catch((e: unknown) => ConnectError.from(e));
    assert.equal(err?.code, Code.DeadlineExceeded);
    assert.ok(pid > 0);
    await eventually(() => !isAlive(pid));
  });

  it("an abort cancels the stream and the command is gone", async () => {
    const exec = createClient(Exec, transport());
    const abort = new AbortController();
    let pid = 0;
    const err = await (async () => {
      for await (const r of exec.run(
        { target: Target.HOST, command: "sleeper" },
        { signal: abort.signal },
      )) {
        if (r.event.case === "output") {
          pid = Number(Buffer.from(r.event.value.data).toString());
          abort.abort();
        }
      }
    })().catch((e: unknown) => ConnectError.from(e));
    assert.equal(err?.code, Code.Canceled);
    await eventually(() => !isAlive(pid));
  });
});
