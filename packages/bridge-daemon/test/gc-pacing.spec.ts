import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { youngGc } from "../src/process/young-gc.js";
import { PACE_BYTES, paceCollection, usePacedCollection } from "../src/rpc/gc-pacer.js";

describe("paced collection with V8's young collector, as serve turns it on", () => {
  it("with V8's young collector, keeps dead chunks from piling up as a stream goes", () => {
    // Dead 64 KiB chunks, as a stream leaves them: with pacing, the external
    // memory they hold stays near PACE_BYTES instead of V8's own limit.
    usePacedCollection(youngGc());
    let peak = 0;
    try {
      for (let i = 0; i < 2048; i++) {
        const chunk = Buffer.alloc(64 * 1024, i);
        paceCollection(chunk.byteLength);
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
      }
    } finally {
      usePacedCollection(undefined);
    }
    assert.ok(peak < 6 * PACE_BYTES, `peak ${(peak / 1048576).toFixed(1)} MiB of buffers`);
  });
});
