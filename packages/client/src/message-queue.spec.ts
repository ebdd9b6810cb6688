import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { messageQueue } from "./message-queue.js";

describe("messageQueue", () => {
  it("yields what was pushed, in order, waiting for more until end()", async () => {
    const q = messageQueue<number>();
    q.push(1);
    const read = (async () => {
      const seen: number[] = [];
      for await (const n of q) seen.push(n);
      return seen;
    })();
    q.push(2);
    await new Promise((r) => setTimeout(r, 5));
    q.push(3);
    q.end();
    q.push(4); // after the end: dropped
    assert.deepEqual(await read, [1, 2, 3]);
    assert.equal(q.ended, true);
  });

  it("throws fail()'s error after the queued messages", async () => {
    const q = messageQueue<string>();
    q.push("a");
    q.fail(new Error("gone"));
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const m of q) seen.push(m);
    }, /gone/);
    assert.deepEqual(seen, ["a"]);
  });

  it("counts what waits to be read", async () => {
    const q = messageQueue<number>();
    q.push(1);
    q.push(2);
    assert.equal(q.size, 2);
    const it = q[Symbol.asyncIterator]();
    await it.next();
    assert.equal(q.size, 1);
  });
});
