import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { trailerParse } from "@connectrpc/connect/protocol-grpc-web";
import { rpcRefusal } from "./refusal.js";

const error = new ConnectError("invalid bearer token", Code.Unauthenticated);

describe("rpcRefusal", () => {
  it("gRPC: status in the trailers, empty body", () => {
    const r = rpcRefusal("application/grpc+proto", error);
    assert.equal(r.status, 200);
    assert.equal(r.headers["content-type"], "application/grpc+proto");
    assert.equal(r.trailers?.["grpc-status"], "16");
    assert.equal(r.trailers?.["grpc-message"], "invalid bearer token");
    assert.equal(r.body.length, 0);
  });

  it("gRPC-Web: one trailer frame", () => {
    const r = rpcRefusal("application/grpc-web+proto", error);
    assert.equal(r.body[0], 0x80);
    const len = new DataView(r.body.buffer, r.body.byteOffset).getUint32(1);
    assert.equal(trailerParse(r.body.subarray(5, 5 + len)).get("grpc-status"), "16");
  });

  it("Connect streaming: an end-of-stream frame with the error", () => {
    const r = rpcRefusal("application/connect+json; charset=utf-8", error);
    assert.equal(r.status, 200);
    assert.equal(r.body[0], 0x02);
    const json = JSON.parse(new TextDecoder().decode(r.body.subarray(5)));
    assert.deepEqual(json.error, { code: "unauthenticated", message: "invalid bearer token" });
  });

  it("Connect unary (and anything else): HTTP status and JSON error", () => {
    for (const type of ["application/proto", "application/json", undefined]) {
      const r = rpcRefusal(type, error);
      assert.equal(r.status, 401);
      assert.equal(r.headers["content-type"], "application/json");
      assert.deepEqual(JSON.parse(new TextDecoder().decode(r.body)), {
        code: "unauthenticated",
        message: "invalid bearer token",
      });
    }
  });
});
