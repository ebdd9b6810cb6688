import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ErrorCode } from "@ddbridge/proto";
import { BridgeError } from "../bridge-error.js";
import { execFailure } from "./exec-failure.js";

describe("execFailure", () => {
  it("codes a command that cannot start as a shell does, with the reason on stderr", () => {
    const notFound = execFailure(
      new BridgeError("command not found: nope", ErrorCode.NotFound),
      "nope",
    );
    assert.equal(notFound.code, 127);
    assert.equal(notFound.stderr, "command not found: nope\n");
    assert.equal(notFound.stdout, "");
    assert.ok(notFound instanceof BridgeError);
    assert.equal(notFound.grpcCode, "not_found");
    const denied = execFailure(
      new BridgeError("command cannot be executed: x", ErrorCode.PermissionDenied),
      "x",
    );
    assert.equal(denied.code, 126);
    const down = execFailure(new BridgeError("no daemon", ErrorCode.Unavailable), "x", "partial");
    assert.equal(down.code, 1);
    assert.equal(down.stdout, "partial");
  });
});
