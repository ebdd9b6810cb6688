import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startBridge, type TestBridge, TOKEN } from "@ddbridge/testing";
import { BridgeError } from "../bridge-error.js";
import { createDdClient } from "../dd-client.js";
import { createNodeTransport } from "../node/create-node-transport.js";

const LIMIT = 64 * 1024;

describe("vm.service: unary Call while the body fits --max-body", () => {
  let bridge: TestBridge;
  const rpcs: Array<{ method: string; code: string }> = [];
  const collect = (msg: string, fields?: Record<string, unknown>) => {
    if (msg === "rpc") rpcs.push({ method: String(fields?.method), code: String(fields?.code) });
  };
  /** The RPCs the daemon logged while `fn` ran (the hot path and connect-node log alike). */
  const during = async (fn: () => Promise<unknown>) => {
    const from = rpcs.length;
    await fn().catch(() => {});
    return rpcs.slice(from).map((r) => `${r.method.split(".").pop()} ${r.code}`);
  };

  before(async () => {
    bridge = await startBridge({
      maxBodyBytes: LIMIT,
      logger: { debug() {}, info: collect, warn: collect, error: collect },
    });
  });
  after(() => bridge.close());

  const client = (maxBodyBytes?: number) =>
    createDdClient(createNodeTransport({ url: bridge.url, token: TOKEN }), { maxBodyBytes })
      .extension.vm.service;

  it("learns the limit from GetInfo once, then sends small requests as one unary Call", async () => {
    const service = client();
    assert.deepEqual(await during(() => service.get("/hello")), [
      "ExtensionService/GetInfo ok",
      "HttpService/Call ok",
    ]);
    assert.deepEqual(await during(() => service.post("/echo", { a: 1 })), ["HttpService/Call ok"]);
  });

  it("does not ask when the limit is given (the web shim has it from the page)", async () => {
    assert.deepEqual(await during(() => client(LIMIT).get("/hello")), ["HttpService/Call ok"]);
  });

  it("fetches an idempotent request's response over the limit again with CallStream", async () => {
    let body: unknown;
    const rpcsSeen = await during(async () => {
      body = await client(LIMIT).get(`/large?bytes=${4 * LIMIT}`);
    });
    assert.deepEqual(rpcsSeen, [
      "HttpService/Call resource_exhausted",
      "HttpService/CallStream ok",
    ]);
    assert.equal((body as Uint8Array | string).length, 4 * LIMIT);
  });

  it("does not send a POST twice: a response over the limit is an error naming --max-body", async () => {
    const err = await client(LIMIT)
      .post(`/large?bytes=${4 * LIMIT}`, {})
      .catch((e: unknown) => e);
    assert.ok(err instanceof BridgeError, String(err));
    assert.match(err.message, /--max-body/);
    assert.equal(err.grpcCode, "resource_exhausted");
  });

  it("sends a request over the limit with CallStream, which refuses it too", async () => {
    const big = "x".repeat(LIMIT + 1);
    const seen = await during(() => client(LIMIT).post("/echo-raw", big));
    assert.deepEqual(seen, ["HttpService/CallStream resource_exhausted"]);
  });
});
