import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { BridgeError, toBridgeError } from "./bridge-error.js";

describe("toBridgeError", () => {
  it("keeps the message and names the gRPC code in snake case", () => {
    const e = toBridgeError(new ConnectError("no socket at /x.sock", Code.Unavailable));
    assert.ok(e instanceof BridgeError && e instanceof Error);
    assert.equal(e.message, "no socket at /x.sock");
    assert.equal(e.grpcCode, "unavailable");
    assert.equal(
      toBridgeError(new ConnectError("x", Code.InvalidArgument)).grpcCode,
      "invalid_argument",
    );
    assert.equal(
      toBridgeError(new ConnectError("x", Code.DeadlineExceeded)).grpcCode,
      "deadline_exceeded",
    );
  });
});
