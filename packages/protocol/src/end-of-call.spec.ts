import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { endOfCall } from "./end-of-call.js";

describe("endOfCall", () => {
  const error = new ConnectError("no: such, thing", Code.NotFound);

  it("gRPC: trailers with the status, no body", () => {
    assert.deepEqual(endOfCall("grpc", new Headers({ x: "1" }), undefined), {
      trailers: { x: "1", "grpc-status": "0" },
    });
    const failed = endOfCall("grpc", new Headers(), error);
    assert.equal(failed.trailers?.["grpc-status"], "5");
    assert.equal(failed.body, undefined);
  });

  it("gRPC-Web: one trailer message (flag 0x80) carrying the status", () => {
    const { body } = endOfCall("grpc-web", new Headers(), error);
    assert.equal(body![0], 0x80);
    assert.match(Buffer.from(body!.subarray(5)).toString(), /grpc-status: 5/);
  });

  it("Connect streaming: one end-of-stream message (flag 0x02) with the error as JSON", () => {
    const { body } = endOfCall("connect", new Headers(), error);
    assert.equal(body![0], 0x02);
    const end = JSON.parse(Buffer.from(body!.subarray(5)).toString());
    assert.deepEqual(end.error, { code: "not_found", message: "no: such, thing" });
  });
});
