import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { bufferedLines } from "./line-writer.js";

describe("bufferedLines", () => {
  it("writes the lines of one turn in order, in one write, after the turn", async () => {
    const writes: string[] = [];
    const lines = bufferedLines({ write: (s: string) => writes.push(s) });
    lines.write("a\n");
    lines.write("b\n");
    assert.deepEqual(writes, []);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(writes, ["a\nb\n"]);
    lines.write("c\n");
    lines.flush();
    assert.deepEqual(writes, ["a\nb\n", "c\n"]);
    await new Promise((r) => setImmediate(r));
    assert.equal(writes.length, 2, "a flushed queue is not written twice");
  });

  it("writes a line at once after the queued ones with writeNow", () => {
    const writes: string[] = [];
    const lines = bufferedLines({ write: (s: string) => writes.push(s) });
    lines.write("info\n");
    lines.writeNow("warn\n");
    assert.deepEqual(writes, ["info\n", "warn\n"]);
  });

  it("loses no line when the process exits before the loop turns", () => {
    const script = `
      import { stderrLineWriter } from ${JSON.stringify(new URL("./line-writer.ts", import.meta.url).href)};
      const w = stderrLineWriter();
      for (let i = 0; i < 1000; i++) w.write(i + "\\n");
      process.exit(3);
    `;
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        encoding: "utf8",
      },
    );
    assert.equal(r.status, 3);
    const got = r.stderr.trim().split("\n");
    assert.deepEqual(
      got,
      Array.from({ length: 1000 }, (_, i) => String(i)),
    );
  });
});
