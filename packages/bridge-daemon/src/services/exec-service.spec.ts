import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { create } from "@bufbuild/protobuf";
import type { HandlerContext } from "@connectrpc/connect";
import { RunRequestSchema, Target } from "@ddbridge/proto";
import type { ExecRunner } from "../exec/runner.js";
import { createExecService } from "./exec-service.js";

setFlagsFromString("--expose-gc");
const gc: () => void = runInNewContext("gc");

/** A command that ends at once: what is measured is the service around it. */
const instant: ExecRunner = {
  async *run() {
    yield { kind: "close", exitCode: 0 };
  },
};

describe("createExecService", () => {
  it("keeps nothing per call on the daemon's long-lived stop signal", async () => {
    const stopping = new AbortController().signal;
    const service = createExecService({ host: instant }, stopping);
    const req = create(RunRequestSchema, { target: Target.HOST, command: "x" });
    const runMany = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const ctx = { signal: new AbortController().signal } as HandlerContext;
        for await (const _ of service.run(req, ctx)) {
        }
      }
    };
    await runMany(1000); // warm-up
    gc();
    const before = process.memoryUsage().heapUsed;
    await runMany(20_000);
    gc();
    const grownMiB = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    assert.equal(getEventListeners(stopping, "abort").length, 0);
    // AbortSignal.any([call, stopping]) retained about 2 KB per call here (~39 MiB).
    assert.ok(grownMiB < 8, `heap grew ${grownMiB.toFixed(1)} MiB over 20,000 calls`);
  });
});
