import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PACE_BYTES, paceCollection } from "./gc-pacer.js";

describe("paceCollection", () => {
  it("collects dead chunks as a stream goes, so they do not pile up", () => {
    // Dead 64 KiB chunks, as a stream leaves them: with pacing, the external
    // memory they hold stays near PACE_BYTES instead of V8's own limit.
    let peak = 0;
    for (let i = 0; i < 2048; i++) {
      const chunk = Buffer.alloc(64 * 1024, i);
      paceCollection(chunk.byteLength);
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    }
    assert.ok(peak < 6 * PACE_BYTES, `peak ${(peak / 1048576).toFixed(1)} MiB of buffers`);
  });
});
