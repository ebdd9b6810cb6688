import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { validateTarget } from "./validate-target.js";

function code(fn: () => unknown): Code | undefined {
  try {
    fn();
  } catch (e) {
    return ConnectError.from(e).code;
  }
  return undefined;
}

describe("validateTarget", () => {
  it("accepts origin-form paths and defaults the method to GET", () => {
    assert.deepEqual(validateTarget("", "/hello?x=1"), { method: "GET", path: "/hello?x=1" });
    assert.deepEqual(validateTarget("post", "/"), { method: "POST", path: "/" });
  });

  it("refuses absolute and protocol-relative URLs", () => {
    for (const path of [
      "http://example.com/x",
      "https://localhost/x",
      "//example.com/x",
      "/\\example.com/x",
      "/a\\b",
      "\\\\example.com/x",
      "file:///etc/passwd",
    ]) {
      assert.equal(
        code(() => validateTarget("GET", path)),
        Code.InvalidArgument,
        path,
      );
    }
  });

  it("refuses relative paths, control characters, bad methods and CONNECT", () => {
    assert.equal(
      code(() => validateTarget("GET", "hello")),
      Code.InvalidArgument,
    );
    assert.equal(
      code(() => validateTarget("GET", "")),
      Code.InvalidArgument,
    );
    assert.equal(
      code(() => validateTarget("GET", "/a b")),
      Code.InvalidArgument,
    );
    assert.equal(
      code(() => validateTarget("GET", "/a\r\nX: y")),
      Code.InvalidArgument,
    );
    assert.equal(
      code(() => validateTarget("GE T", "/")),
      Code.InvalidArgument,
    );
    assert.equal(
      code(() => validateTarget("CONNECT", "/")),
      Code.InvalidArgument,
    );
  });
});
