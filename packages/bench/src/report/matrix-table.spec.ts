import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ClientName, MatrixCell } from "../drivers/http-matrix.js";
import { cellOf, matrixLines, sizeLabel } from "./matrix-table.js";

const cell = (client: ClientName, rps: number, p50: number, failed?: string): MatrixCell => ({
  size: 100,
  concurrency: 1,
  client,
  result: { requests: rps, seconds: 1, rps, p50, p99: p50 },
  ...(failed ? { failed } : {}),
});

describe("matrixLines", () => {
  it("puts each client as a ratio to direct with its p50 over direct, and says failed or n/a", () => {
    const cells = [
      cell("direct", 1000, 0.2),
      cell("nginx", 900, 0.25),
      cell("@ddbridge/client", 500, 0.5),
      cell("grpc-js", 0, 0, "UNAVAILABLE"),
    ];
    const text = matrixLines(cells).join("\n");
    assert.match(text, /^100B\s+1\s+1000\/s 0\.20ms/m);
    assert.match(text, /0\.90x \+0\.05ms/);
    assert.match(text, /0\.50x \+0\.30ms/);
    assert.match(text, /failed/);
    assert.match(text, /n\/a/);
    assert.equal(cellOf(cells, 100, 1, "nginx")?.result.rps, 900);
    assert.equal(cellOf(cells, 100, 64, "nginx"), undefined);
    assert.deepEqual([100, 4096, 4 * 1024 * 1024].map(sizeLabel), ["100B", "4KiB", "4MiB"]);
  });
});
