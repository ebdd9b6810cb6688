import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code } from "@connectrpc/connect";
import { ErrorCode, errorCodeOf } from "./error-code.js";

describe("errorCodeOf", () => {
  it("names every Connect code as the gRPC spec spells it", () => {
    assert.equal(errorCodeOf(Code.NotFound), "not_found");
    assert.equal(errorCodeOf(Code.Unavailable), ErrorCode.Unavailable);
    assert.equal(errorCodeOf(Code.DeadlineExceeded), "deadline_exceeded");
    const numeric = Object.values(Code).filter((v): v is Code => typeof v === "number");
    assert.equal(numeric.length, 16);
    assert.deepEqual(new Set(numeric.map(errorCodeOf)), new Set(Object.values(ErrorCode)));
  });

  it("names a code it does not know 'unknown'", () => {
    assert.equal(errorCodeOf(99 as Code), "unknown");
  });
});
