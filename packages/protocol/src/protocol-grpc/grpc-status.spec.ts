import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { encodeGrpcMessage, respecGrpcMessage, setGrpcStatus } from "./grpc-status.js";

describe("grpc-message as the gRPC spec encodes it", () => {
  it("leaves printable ASCII as it is: colons, commas, slashes, quotes", () => {
    const text = `missing bearer token: send the header "authorization: Bearer <token>", or use /x?a=b,c`;
    assert.equal(encodeGrpcMessage(text), text);
  });

  it("encodes %, control characters and non-ASCII as UTF-8 bytes", () => {
    assert.equal(encodeGrpcMessage("100% done\nnext"), "100%25 done%0Anext");
    assert.equal(encodeGrpcMessage("café ✓"), "caf%C3%A9 %E2%9C%93");
    assert.equal(decodeURIComponent(encodeGrpcMessage("a%b\tc é")), "a%b\tc é");
  });

  it("sets status and message from an error", () => {
    const t = setGrpcStatus(new Headers(), new ConnectError("no file: a, b", Code.NotFound));
    assert.equal(t.get("grpc-status"), String(Code.NotFound));
    assert.equal(t.get("grpc-message"), "no file: a, b");
  });

  it("re-encodes connect-node's encodeURIComponent form, and keeps what is not URI encoding", () => {
    assert.equal(respecGrpcMessage(encodeURIComponent("a: b, 50% é")), "a: b, 50%25 %C3%A9");
    assert.equal(respecGrpcMessage("bad %zz"), "bad %zz");
  });
});
