import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PACE_BYTES, paceCollection, usePacedCollection } from "./gc-pacer.js";

describe("paceCollection", () => {
  it("collects once per PACE_BYTES, and never unless the process edge gave it a collector", () => {
    let runs = 0;
    usePacedCollection(undefined);
    paceCollection(10 * PACE_BYTES);
    usePacedCollection(() => runs++);
    for (let i = 0; i < 40; i++) paceCollection(PACE_BYTES / 4);
    usePacedCollection(undefined);
    assert.equal(runs, 10);
  });
});
