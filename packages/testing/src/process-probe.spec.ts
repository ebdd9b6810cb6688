import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, it } from "node:test";
import { eventually, isAlive } from "./process-probe.js";

describe("isAlive", () => {
  it("is true for a running child and false once it is gone", async () => {
    const child = spawn("sleep", ["30"]);
    assert.ok(isAlive(child.pid!));
    child.kill("SIGKILL");
    await once(child, "exit");
    assert.equal(isAlive(child.pid!), false);
  });
});

describe("eventually", () => {
  it("resolves true once the condition holds, false when it never does", async () => {
    let n = 0;
    assert.equal(await eventually(() => ++n >= 3, 1000), true);
    assert.equal(await eventually(() => false, 60), false);
  });
});
