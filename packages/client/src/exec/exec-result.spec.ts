import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createExecResult, splitLines } from "./exec-result.js";

describe("createExecResult", () => {
  it("splits lines on \\n and \\r\\n, dropping one trailing empty element", () => {
    assert.deepEqual(splitLines("a\nb\r\nc\n"), ["a", "b", "c"]);
    assert.deepEqual(splitLines("a\n\n"), ["a", ""]);
    assert.deepEqual(splitLines("no newline"), ["no newline"]);
    assert.deepEqual(splitLines(""), []);
  });

  it("parses JSON lines and the JSON object of stdout", () => {
    const r = createExecResult({ cmd: "x", code: 0, stdout: '{"a":1}\n\n{"b":2}\n', stderr: "" });
    assert.deepEqual(r.parseJsonLines(), [{ a: 1 }, { b: 2 }]);
    const o = createExecResult({ cmd: "x", code: 0, stdout: '{\n "a": [1, 2]\n}\n', stderr: "" });
    assert.deepEqual(o.parseJsonObject(), { a: [1, 2] });
    assert.throws(() => r.parseJsonObject(), SyntaxError);
  });

  it("marks a signal death as killed", () => {
    const r = createExecResult({ cmd: "x", code: 143, stdout: "", stderr: "", signal: "SIGTERM" });
    assert.equal(r.killed, true);
    assert.equal(r.signal, "SIGTERM");
    assert.equal(createExecResult({ cmd: "x", code: 0, stdout: "", stderr: "" }).killed, undefined);
  });
});
