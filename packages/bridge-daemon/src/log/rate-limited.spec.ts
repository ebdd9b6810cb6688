import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rateLimited } from "./rate-limited.js";

describe("rateLimited", () => {
  it("writes the first call, drops the rest of the interval, and counts them in the next line", () => {
    let t = 0;
    const lines: Array<[number, string]> = [];
    const log = rateLimited(
      1000,
      (n, what: string) => lines.push([n, what]),
      () => t,
    );
    log("a");
    t = 10;
    log("b");
    t = 999;
    log("c");
    t = 1000;
    log("d");
    t = 5000;
    log("e");
    assert.deepEqual(lines, [
      [0, "a"],
      [2, "d"],
      [0, "e"],
    ]);
  });
});
