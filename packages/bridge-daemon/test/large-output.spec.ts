import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createClient } from "@connectrpc/connect";
import { Exec, OutputStream, Target } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import { extensionDir, HOST_BIN, spawnDaemon, tempDir } from "@ddbridge/testing";

const MiB = 1024 * 1024;

/** Resident set size of a process, in bytes, from /proc. */
function rss(pid: number, field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m?.[1]) * 1024;
}

/**
 * Checks the spew fixture's pattern (slot k of 8 bytes holds k) across chunk
 * boundaries without keeping the data.
 */
function patternChecker() {
  let offset = 0;
  let carry = Buffer.alloc(0);
  return {
    push(chunk: Uint8Array) {
      const buf = carry.length
        ? Buffer.concat([carry, chunk])
        : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const whole = buf.length - (buf.length % 8);
      for (let i = 0; i < whole; i += 8) {
        const slot = (offset + i) / 8;
        if (buf.readUInt32LE(i) !== slot || buf.readUInt32LE(i + 4) !== 0) {
          assert.fail(`byte ${offset + i}: slot ${slot} holds ${buf.readUInt32LE(i)}`);
        }
      }
      offset += whole;
      carry = Buffer.from(buf.subarray(whole));
    },
    get bytes() {
      return offset + carry.length;
    },
  };
}

describe("large output", () => {
  it("256 MiB arrives complete and in order through a slow reader, daemon RSS bounded", async () => {
    const ext = await extensionDir();
    const home = await tempDir();
    const d = await spawnDaemon(
      ["--extension", ext.dir, "--listen", "127.0.0.1:0", "--host-bin", HOST_BIN],
      { DDBRIDGE_HOME: home.dir },
    );
    const pid = d.child.pid!;
    const baseline = rss(pid, "VmRSS");
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rss(pid, "VmRSS"));
    }, 20);
    try {
      const exec = createClient(
        Exec,
        createNodeTransport({ url: d.url, tokenFile: join(home.dir, "token") }),
      );
      const total = 256 * MiB;
      const check = patternChecker();
      let messages = 0;
      let exitCode: number | undefined;
      for await (const r of exec.run({
        target: Target.HOST,
        command: "spew",
        args: [String(total)],
      })) {
        if (r.event.case === "output") {
          assert.equal(r.event.value.stream, OutputStream.STDOUT);
          check.push(r.event.value.data);
          // A slow reader for the first 32 MiB: the daemon must not buffer ahead.
          if (check.bytes < 32 * MiB && messages++ % 4 === 0)
            await new Promise((res) => setTimeout(res, 5));
        } else if (r.event.case === "close") {
          exitCode = r.event.value.exitCode;
        }
      }
      assert.equal(check.bytes, total);
      assert.equal(exitCode, 0);
      peak = Math.max(peak, rss(pid, "VmHWM"));
      const growth = peak - baseline;
      process.stdout.write(
        `# daemon RSS: baseline ${(baseline / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB while streaming 256 MiB\n`,
      );
      // Bounded means independent of the output size: far below the 256 MiB that went through.
      assert.ok(growth < 96 * MiB, `daemon grew by ${(growth / MiB).toFixed(1)} MiB`);
    } finally {
      clearInterval(sampler);
      d.child.kill("SIGTERM");
      await d.exit;
      await ext.remove();
      await home.remove();
    }
  });
});
