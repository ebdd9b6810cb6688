import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { closeOfExitCode, closeOfProcess } from "./exit-status.js";

describe("exit status", () => {
  it("reports an exit code as it is", () => {
    assert.deepEqual(closeOfProcess(0, null), { kind: "close", exitCode: 0 });
    assert.deepEqual(closeOfProcess(3, null), { kind: "close", exitCode: 3 });
    assert.deepEqual(closeOfExitCode(3), { kind: "close", exitCode: 3 });
  });

  it("reports death by signal n as 128+n with the signal's name, whichever way it is known", () => {
    const killed = { kind: "close", exitCode: 137, signal: "SIGKILL" };
    assert.deepEqual(closeOfProcess(null, "SIGKILL"), killed);
    assert.deepEqual(closeOfExitCode(137), killed);
    assert.deepEqual(closeOfProcess(null, "SIGTERM"), closeOfExitCode(143));
  });

  it("keeps codes above 128 that name no signal as plain codes", () => {
    assert.deepEqual(closeOfExitCode(128), { kind: "close", exitCode: 128 });
    assert.deepEqual(closeOfExitCode(255), { kind: "close", exitCode: 255 });
  });
});
