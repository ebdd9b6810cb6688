/**
 * Measures ddbridge against the direct path, in one run on one machine, and
 * prints ratios (absolute times on shared machines are not comparable):
 *
 *   HTTP round trip p50/p99: bridge (HttpService.Call over gRPC; ddClient
 *     service.get) vs. a keep-alive undici client straight on the backend socket.
 *   Exec spawn-to-close: a trivial host binary through the bridge vs. spawning
 *     it from Node.
 *   Exec stream throughput: N bytes of stdout through the bridge vs. reading
 *     the child's pipe directly.
 *   Daemon peak RSS while N bytes stream to a reader capped at 100 MiB/s.
 *
 * Usage: node --import tsx bench/bridge-vs-direct.ts [--quick] [--out FILE]
 * The backend and the daemon run as separate processes, as in production.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import * as os from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { createClient } from "@connectrpc/connect";
import { createDdClient, Exec, HttpService, Target } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import { Pool } from "undici";
import { HOST_BIN, spawnDaemon, tempDir } from "../test/harness.js";

const MiB = 1024 * 1024;
const { values: flags } = parseArgs({
  options: { quick: { type: "boolean" }, out: { type: "string" } },
});
const quick = flags.quick === true;
const HTTP_N = quick ? 200 : 3000;
const EXEC_N = quick ? 20 : 200;
const STREAM_BYTES = quick ? 64 * MiB : 1024 * MiB;
const TOKEN = "bench-token";

const EXAMPLE_BACKEND = join(
  import.meta.dirname,
  "../../../examples/hello-extension/dist/backend/main.js",
);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeEach(n: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < Math.max(20, n / 10); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

function vmStat(pid: number, field: "VmRSS" | "VmHWM") {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return (Number(m?.[1]) * 1024) / MiB;
}

async function drainChild(args: string[]) {
  const child = spawn(join(HOST_BIN, args[0]!), args.slice(1), {
    stdio: ["ignore", "pipe", "ignore"],
  });
  let bytes = 0;
  for await (const c of child.stdout) bytes += (c as Buffer).length;
  await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("close", r)));
  return bytes;
}

async function bridgeRun(
  exec: ReturnType<typeof createClient<typeof Exec>>,
  command: string,
  args: string[],
  throttle?: number,
) {
  let bytes = 0;
  const start = performance.now();
  for await (const r of exec.run({ target: Target.HOST, command, args })) {
    if (r.event.case === "output") {
      bytes += r.event.value.data.byteLength;
      if (throttle) {
        const ahead = bytes / throttle - (performance.now() - start) / 1000;
        if (ahead > 0) await new Promise((res) => setTimeout(res, ahead * 1000));
      }
    }
  }
  return bytes;
}

async function main() {
  const tmp = await tempDir("ddbridge-bench-");
  const socketPath = join(tmp.dir, "backend.sock");
  const backend = spawn(process.execPath, [EXAMPLE_BACKEND, socketPath], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await once(backend.stdout!, "data");
  const ext = join(tmp.dir, "ext");
  await mkdir(ext);
  await writeFile(join(ext, "metadata.json"), "{}");
  const daemonArgs = [
    "--extension",
    ext,
    "--listen",
    "127.0.0.1:0",
    "--socket",
    socketPath,
    "--host-bin",
    HOST_BIN,
  ];
  const env = { DDBRIDGE_TOKEN: TOKEN, DDBRIDGE_HOME: tmp.dir };
  const children: ChildProcess[] = [backend];
  const results: Record<string, unknown> = {};
  const rows: Array<[string, string, string, string]> = [];
  try {
    let d = await spawnDaemon(daemonArgs, env);
    children.push(d.child);
    const transport = createNodeTransport({ url: d.url, token: TOKEN });
    const http = createClient(HttpService, transport);
    const exec = createClient(Exec, transport);
    const dd = createDdClient(transport);
    const pool = new Pool("http://localhost", { socketPath, connections: 1 });

    // HTTP round trip.
    const direct = await timeEach(HTTP_N, async () => {
      const r = await pool.request({ path: "/hello", method: "GET" });
      await r.body.arrayBuffer();
    });
    const viaCall = await timeEach(HTTP_N, () => http.call({ path: "/hello" }));
    const viaDd = await timeEach(HTTP_N, () => dd.extension.vm.service.get("/hello"));
    results.http = { direct, bridgeCall: viaCall, ddClientGet: viaDd, n: HTTP_N };
    rows.push([
      "HTTP GET /hello p50 (ms)",
      direct.p50.toFixed(3),
      viaCall.p50.toFixed(3),
      `${(viaCall.p50 / direct.p50).toFixed(2)}x`,
    ]);
    rows.push([
      "HTTP GET /hello p99 (ms)",
      direct.p99.toFixed(3),
      viaCall.p99.toFixed(3),
      `${(viaCall.p99 / direct.p99).toFixed(2)}x`,
    ]);
    rows.push([
      "ddClient service.get p50 (ms)",
      direct.p50.toFixed(3),
      viaDd.p50.toFixed(3),
      `${(viaDd.p50 / direct.p50).toFixed(2)}x`,
    ]);

    // Exec spawn-to-close latency of a trivial host binary.
    const spawnDirect = await timeEach(EXEC_N, () => drainChild(["args", "x"]));
    const spawnBridge = await timeEach(EXEC_N, () => bridgeRun(exec, "args", ["x"]));
    results.execLatency = { direct: spawnDirect, bridge: spawnBridge, n: EXEC_N };
    rows.push([
      "host exec spawn→close p50 (ms)",
      spawnDirect.p50.toFixed(2),
      spawnBridge.p50.toFixed(2),
      `+${(spawnBridge.p50 - spawnDirect.p50).toFixed(2)} ms`,
    ]);

    // Exec stream throughput.
    const label = `${STREAM_BYTES / MiB} MiB`;
    let t = performance.now();
    assertBytes(await drainChild(["spew", String(STREAM_BYTES)]), STREAM_BYTES);
    const directRate = STREAM_BYTES / MiB / ((performance.now() - t) / 1000);
    t = performance.now();
    assertBytes(await bridgeRun(exec, "spew", [String(STREAM_BYTES)]), STREAM_BYTES);
    const bridgeRate = STREAM_BYTES / MiB / ((performance.now() - t) / 1000);
    results.execStream = { bytes: STREAM_BYTES, directMiBps: directRate, bridgeMiBps: bridgeRate };
    rows.push([
      `exec stdout ${label} (MiB/s)`,
      directRate.toFixed(0),
      bridgeRate.toFixed(0),
      `${(bridgeRate / directRate).toFixed(2)}x`,
    ]);
    await pool.close();

    // Peak RSS of a fresh daemon streaming to a slow reader.
    d.child.kill("SIGTERM");
    await d.exit;
    d = await spawnDaemon(daemonArgs, env);
    children.push(d.child);
    const slow = createClient(Exec, createNodeTransport({ url: d.url, token: TOKEN }));
    const before = vmStat(d.child.pid!, "VmRSS");
    assertBytes(await bridgeRun(slow, "spew", [String(STREAM_BYTES)], 100 * MiB), STREAM_BYTES);
    const peak = vmStat(d.child.pid!, "VmHWM");
    results.slowReaderRss = {
      bytes: STREAM_BYTES,
      readerMiBps: 100,
      daemonRssBeforeMiB: before,
      daemonPeakRssMiB: peak,
    };
    rows.push([
      `daemon peak RSS, ${label} to a 100 MiB/s reader`,
      `${before.toFixed(0)} MiB idle`,
      `${peak.toFixed(0)} MiB`,
      "",
    ]);
    d.child.kill("SIGTERM");
    await d.exit;
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await tmp.remove();
  }

  const widths = [46, 16, 16, 12];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" ");
  process.stdout.write(
    `\n${line(["measure", "direct", "ddbridge", "ratio"])}\n${"-".repeat(92)}\n`,
  );
  for (const r of rows) process.stdout.write(`${line(r)}\n`);
  const machine = {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    memGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  const out = flags.out ?? join(import.meta.dirname, "../../../bench-results/core.json");
  await mkdir(dirname(out), { recursive: true });
  await writeFile(
    out,
    JSON.stringify({ date: new Date().toISOString(), quick, machine, results }, null, 2),
  );
  process.stdout.write(`\nraw figures: ${out}\n`);
}

function assertBytes(got: number, want: number) {
  if (got !== want) throw new Error(`expected ${want} bytes, got ${got}`);
}

await main();
