import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { mergeOutput, type OutputChunk } from "./output-queue.js";

async function collect(it: AsyncIterable<OutputChunk>) {
  const out: OutputChunk[] = [];
  for await (const c of it) out.push(c);
  return out;
}

describe("mergeOutput", () => {
  it("keeps arrival order across streams and ends when both end", async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const merged = collect(mergeOutput({ stdout, stderr }));
    stdout.write("a");
    await new Promise((r) => setImmediate(r));
    stderr.write("b");
    await new Promise((r) => setImmediate(r));
    stdout.write("c");
    stdout.end();
    stderr.end();
    const chunks = await merged;
    assert.deepEqual(
      chunks.map((c) => [c.stream, Buffer.from(c.data).toString()]),
      [
        ["stdout", "a"],
        ["stderr", "b"],
        ["stdout", "c"],
      ],
    );
  });

  it("joins adjacent chunks of one stream up to maxChunk", async () => {
    const stdout = new PassThrough();
    for (let i = 0; i < 10; i++) stdout.write(Buffer.alloc(10, i));
    stdout.end();
    const chunks = await collect(mergeOutput({ stdout }, { maxChunk: 35 }));
    assert.deepEqual(
      chunks.map((c) => c.data.byteLength),
      [30, 30, 30, 10],
    );
    const all = Buffer.concat(chunks.map((c) => c.data));
    for (let i = 0; i < 10; i++) assert.equal(all[i * 10], i);
  });

  it("passes large chunks on as they are, without copying them", async () => {
    const stdout = new PassThrough();
    const big = [Buffer.alloc(64 * 1024, 1), Buffer.alloc(64 * 1024, 2)];
    for (const b of big) stdout.write(b);
    stdout.end();
    const chunks = await collect(mergeOutput({ stdout }));
    assert.equal(chunks.length, 2);
    assert.equal(chunks[0]!.data, big[0]);
    assert.equal(chunks[1]!.data, big[1]);
  });

  it("pauses a real child's pipe while the consumer is slow", async () => {
    // The child writes 8 MiB; we read 2 chunks and then stall. With a 64 KiB
    // high-water mark, the daemon side must hold far less than was written.
    const child = spawn(process.execPath, [
      "-e",
      "process.stdout.write(Buffer.alloc(8*1024*1024, 1), () => process.exit(0))",
    ]);
    const it = mergeOutput({ stdout: child.stdout }, { highWaterMark: 64 * 1024 })[
      Symbol.asyncIterator
    ]();
    await it.next();
    await it.next();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(child.stdout.isPaused(), true, "source is paused while the consumer stalls");
    assert.equal(child.exitCode, null, "the writer is blocked, not finished");
    let total = 0;
    for (let r = await it.next(); !r.done; r = await it.next()) total += r.value.data.byteLength;
    assert.ok(total > 7 * 1024 * 1024);
  });

  it("surfaces a stream error after delivering what was queued", async () => {
    const stdout = new PassThrough();
    const merged = collect(mergeOutput({ stdout }));
    stdout.write("x");
    await new Promise((r) => setImmediate(r));
    stdout.destroy(new Error("boom"));
    await assert.rejects(merged, /boom/);
  });
});
