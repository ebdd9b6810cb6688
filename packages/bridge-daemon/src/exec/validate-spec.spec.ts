import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import type { ExecSpec } from "./runner.js";
import { validateSpec } from "./validate-spec.js";

const ok: ExecSpec = { command: "ls", args: ["-l"], cwd: "", env: { A: "1" } };

function refusal(spec: ExecSpec): ConnectError {
  try {
    validateSpec(spec);
  } catch (err) {
    assert.ok(err instanceof ConnectError);
    assert.equal(err.code, Code.InvalidArgument);
    return err;
  }
  assert.fail(`accepted ${JSON.stringify(spec)}`);
}

describe("validateSpec", () => {
  it("passes a well-formed spec through", () => {
    assert.equal(validateSpec(ok), ok);
    assert.equal(validateSpec({ ...ok, args: ["", "a b", "$(x)"], env: {} }).args.length, 3);
  });

  it("refuses an empty command", () => {
    assert.match(refusal({ ...ok, command: "" }).rawMessage, /command must not be empty/);
  });

  it("refuses NUL bytes in the command, args, cwd and env", () => {
    for (const spec of [
      { ...ok, command: "ls\0x" },
      { ...ok, args: ["a\0"] },
      { ...ok, cwd: "/tmp\0" },
      { ...ok, env: { A: "\0" } },
    ]) {
      assert.match(refusal(spec).rawMessage, /NUL bytes/);
    }
  });

  it("refuses variable names that are empty or hold '='", () => {
    assert.match(refusal({ ...ok, env: { "": "x" } }).rawMessage, /name "" is not valid/);
    assert.match(
      refusal({ ...ok, env: { "PATH=/evil": "" } }).rawMessage,
      /name "PATH=\/evil" is not valid/,
    );
  });
});
