/**
 * `pnpm bench`: how far ddbridge is from the direct path, per path, measured
 * in one run on one machine. Prints ratios (absolute times on shared machines
 * are not comparable), checks them against the goals, and writes the raw
 * figures with the machine's description to bench-results/bench.json.
 *
 *   --quick   small sizes and short runs: the CI smoke run (seconds, no asserts)
 *
 * Two daemons run side by side: the default (the hot path serves HttpService
 * and Exec) and one with --no-fast-path (connect-node serves everything).
 *   --out F   where to write the JSON
 *
 * The backend, the daemon and Chromium run as separate processes, as in use.
 */

import { execFile, spawn } from "node:child_process";
import { once, setMaxListeners } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import * as os from "node:os";
import { dirname, join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { createClient } from "@connectrpc/connect";
import { Exec, Target } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import {
  FIXTURE_BACKEND_MAIN,
  HOST_BIN,
  isAlive,
  launchChromium,
  newPage,
  spawnDaemon,
  tempDir,
} from "@ddbridge/testing";
import { coldStart } from "./cold-start.js";
import { benchDockerExec } from "./docker-exec.js";
import { CLIENTS, type ExternalClients, type MatrixCell, runHttpMatrix } from "./http-matrix.js";
import { memory, timeEach } from "./measure.js";

const MiB = 1024 * 1024;
const { values: flags } = parseArgs({
  options: { quick: { type: "boolean" }, out: { type: "string" } },
});
const quick = flags.quick === true;
const CELL_SECONDS = quick ? 0.2 : 1.5;
const EXEC_N = quick ? 20 : 200;
const STREAM_BYTES = quick ? 64 * MiB : 1024 * MiB;
const OPEN_STREAMS = quick ? 100 : 1000;
const TOKEN = "bench-token-0123456789-abcdefghijklmnop";
const ROOT = join(import.meta.dirname, "../../..");

type ExecClient = ReturnType<typeof createClient<typeof Exec>>;

async function drainChild(args: string[]): Promise<number> {
  const child = spawn(join(HOST_BIN, args[0]!), args.slice(1), {
    stdio: ["ignore", "pipe", "ignore"],
  });
  let bytes = 0;
  for await (const c of child.stdout) bytes += (c as Buffer).length;
  if (child.exitCode === null) await once(child, "close");
  return bytes;
}

async function bridgeRun(
  exec: ExecClient,
  command: string,
  args: string[],
  readerMiBps?: number,
): Promise<number> {
  let bytes = 0;
  const start = performance.now();
  for await (const r of exec.run({ target: Target.HOST, command, args })) {
    if (r.event.case !== "output") continue;
    bytes += r.event.value.data.byteLength;
    if (readerMiBps) {
      const ahead = bytes / MiB / readerMiBps - (performance.now() - start) / 1000;
      if (ahead > 0) await new Promise((res) => setTimeout(res, ahead * 1000));
    }
  }
  return bytes;
}

/** Builds the Go load program and finds the Python venv; what is missing is left out (n/a). */
async function externalClients(dir: string): Promise<ExternalClients> {
  const clients: ExternalClients = {};
  try {
    const bin = join(dir, "go-load");
    await promisify(execFile)("go", ["build", "-o", bin, "./cmd/load"], {
      cwd: join(ROOT, "examples/go-client"),
    });
    clients["Go grpc-go"] = [bin];
  } catch (err) {
    process.stderr.write(`bench: no Go client (${String(err).split("\n")[0]})\n`);
  }
  const python =
    process.env.DDBRIDGE_PYTHON ?? join(ROOT, "examples/python-client/.venv/bin/python");
  if (existsSync(python))
    clients["Python grpcio"] = [python, join(ROOT, "examples/python-client/load.py")];
  return clients;
}

function expectBytes(got: number, want: number) {
  if (got !== want) throw new Error(`expected ${want} bytes, got ${got}`);
}

async function main() {
  const tmp = await tempDir("ddbridge-bench-");
  const socketPath = join(tmp.dir, "backend.sock");
  const backend = spawn(process.execPath, ["--import", "tsx", FIXTURE_BACKEND_MAIN, socketPath], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await once(backend.stdout!, "data");
  const ext = join(tmp.dir, "ext");
  await mkdir(ext);
  await writeFile(join(ext, "metadata.json"), "{}");
  const daemonArgs = [
    ...[
      "--extension",
      ext,
      "--listen",
      "127.0.0.1:0",
      "--socket",
      socketPath,
      "--host-bin",
      HOST_BIN,
    ],
    ...["--ui", join(ROOT, "packages/web-shim/test/conformance"), "--log-level", "info"],
  ];
  const env = { DDBRIDGE_TOKEN: TOKEN, DDBRIDGE_HOME: tmp.dir };
  const results: Record<string, unknown> = {};
  const lines: string[] = [];
  const say = (line = "") => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  const browser = await launchChromium();
  const external = await externalClients(tmp.dir);
  let daemon = await spawnDaemon(daemonArgs, env).catch(async (err) => {
    // Nothing started here may outlive a daemon that would not start.
    backend.kill("SIGTERM");
    await browser.close();
    await tmp.remove();
    throw err;
  });
  daemon.child.stderr!.resume();
  // The same daemon without the hot path: connect-node serves every call.
  const plain = await spawnDaemon([...daemonArgs, "--no-fast-path"], env).catch(async (err) => {
    daemon.child.kill("SIGTERM");
    backend.kill("SIGTERM");
    await browser.close();
    await tmp.remove();
    throw err;
  });
  plain.child.stderr!.resume();
  try {
    // Exec first, while the processes are fresh: fork() slows down as a heap grows.
    const exec = createClient(Exec, createNodeTransport({ url: daemon.url, token: TOKEN }));
    const execPlain = createClient(Exec, createNodeTransport({ url: plain.url, token: TOKEN }));
    const spawnDirect = await timeEach(EXEC_N, () => drainChild(["args", "x"]));
    const spawnBridge = await timeEach(EXEC_N, () => bridgeRun(exec, "args", ["x"]));
    const spawnPlain = await timeEach(EXEC_N, () => bridgeRun(execPlain, "args", ["x"]));
    const rate = async (run: () => Promise<number>) => {
      const t = performance.now();
      expectBytes(await run(), STREAM_BYTES);
      return STREAM_BYTES / MiB / ((performance.now() - t) / 1000);
    };
    const directRate = await rate(() => drainChild(["spew", String(STREAM_BYTES)]));
    const bridgeRate = await rate(() => bridgeRun(exec, "spew", [String(STREAM_BYTES)]));
    const plainRate = await rate(() => bridgeRun(execPlain, "spew", [String(STREAM_BYTES)]));
    results.exec = {
      latency: { direct: spawnDirect, bridge: spawnBridge, noFastPath: spawnPlain, n: EXEC_N },
      stream: {
        bytes: STREAM_BYTES,
        directMiBps: directRate,
        bridgeMiBps: bridgeRate,
        noFastPathMiBps: plainRate,
      },
    };
    say();
    say(
      "Exec                                       direct        ddbridge      ratio         --no-fast-path",
    );
    say(
      `host binary spawn→close p50 (ms)           ${spawnDirect.p50.toFixed(2).padEnd(14)}${spawnBridge.p50.toFixed(2).padEnd(14)}${`+${(spawnBridge.p50 - spawnDirect.p50).toFixed(2)} ms`.padEnd(14)}+${(spawnPlain.p50 - spawnDirect.p50).toFixed(2)} ms`,
    );
    say(
      `stdout ${STREAM_BYTES / MiB} MiB (MiB/s)`.padEnd(43) +
        `${directRate.toFixed(0).padEnd(14)}${bridgeRate.toFixed(0).padEnd(14)}${`${(bridgeRate / directRate).toFixed(2)}x`.padEnd(14)}${(plainRate / directRate).toFixed(2)}x`,
    );
    const vm = await benchDockerExec({
      n: quick ? 10 : 100,
      bytes: STREAM_BYTES,
      daemonArgs,
      env,
      token: TOKEN,
    });
    (results.exec as Record<string, unknown>).vmVsDockerExec = vm;
    if (typeof vm === "string") {
      say(`VM exec vs docker exec                     n/a: ${vm}`);
    } else {
      const { latency: l, stream: st } = vm;
      say(
        "VM exec (Docker runner)                    docker exec   Engine API    ddbridge      vs docker exec  vs Engine API",
      );
      say(
        "exec spawn→close p50 (ms)".padEnd(43) +
          [l.docker.p50, l.api.p50, l.bridge.p50].map((v) => v.toFixed(2).padEnd(14)).join("") +
          `${(l.bridge.p50 / l.docker.p50).toFixed(2)}x`.padEnd(16) +
          `${(l.bridge.p50 / l.api.p50).toFixed(2)}x`,
      );
      say(
        `stdout ${st.bytes / MiB} MiB (MiB/s)`.padEnd(43) +
          [st.dockerMiBps, st.apiMiBps, st.bridgeMiBps]
            .map((v) => v.toFixed(0).padEnd(14))
            .join("") +
          `${(st.bridgeMiBps / st.dockerMiBps).toFixed(2)}x`.padEnd(16) +
          `${(st.bridgeMiBps / st.apiMiBps).toFixed(2)}x`,
      );
    }

    // HTTP matrix: the default daemon, then the connect-node-only one.
    const sizeLabel = (n: number) =>
      n >= MiB ? `${n / MiB}MiB` : n >= 1024 ? `${n / 1024}KiB` : `${n}B`;
    const matrix = async (title: string, url: string) => {
      const matrixPage = await newPage(browser);
      await matrixPage.goto(`${url}/#ddbridge-token=${TOKEN}`);
      say();
      say(
        `HTTP GET through the bridge (${title}) vs a direct keep-alive client on the backend socket (${CELL_SECONDS}s per cell)`,
      );
      say(
        `${"body".padEnd(8)}${"conc".padEnd(6)}${"direct req/s".padEnd(14)}${CLIENTS.slice(1)
          .map((c) => c.padEnd(24))
          .join("")}`,
      );
      const cells: MatrixCell[] = await runHttpMatrix({
        socketPath,
        url,
        token: TOKEN,
        page: matrixPage,
        seconds: CELL_SECONDS,
        external,
      });
      for (const size of new Set(cells.map((c) => c.size))) {
        for (const conc of new Set(cells.map((c) => c.concurrency))) {
          const row = cells.filter((c) => c.size === size && c.concurrency === conc);
          const direct = row.find((c) => c.client === "direct")!.result;
          const others = CLIENTS.slice(1).map((name) => {
            const cell = row.find((c) => c.client === name);
            const r = cell?.result;
            if (cell?.failed) return "failed (below)".padEnd(24);
            return r
              ? `${(r.rps / direct.rps).toFixed(2)}x rps ${(r.p50 / direct.p50).toFixed(1)}x p50`.padEnd(
                  24,
                )
              : "n/a".padEnd(24);
          });
          say(
            `${sizeLabel(size).padEnd(8)}${String(conc).padEnd(6)}${direct.rps.toFixed(0).padEnd(14)}${others.join("")}`,
          );
        }
      }
      for (const cell of cells.filter((c) => c.failed)) {
        say(
          `  failed: ${cell.client}, ${sizeLabel(cell.size)} at c=${cell.concurrency}: ${cell.failed}`,
        );
      }
      await matrixPage.close();
      return cells;
    };
    const cells = await matrix("hot path, the default", daemon.url);
    const plainCells = await matrix("--no-fast-path: connect-node only", plain.url);
    results.http = cells;
    results.httpNoFastPath = plainCells;
    plain.child.kill("SIGTERM");
    await plain.exit;

    // Memory: a fresh daemon each, so peaks are theirs alone.
    daemon.child.kill("SIGTERM");
    await daemon.exit;
    daemon = await spawnDaemon(daemonArgs, env);
    daemon.child.stderr!.resume();
    const idle = memory(daemon.child.pid!, "VmRSS");
    const slow = createClient(Exec, createNodeTransport({ url: daemon.url, token: TOKEN }));
    expectBytes(await bridgeRun(slow, "spew", [String(STREAM_BYTES)], 100), STREAM_BYTES);
    const peak = memory(daemon.child.pid!, "VmHWM");
    daemon.child.kill("SIGTERM");
    await daemon.exit;

    daemon = await spawnDaemon(daemonArgs, env);
    daemon.child.stderr!.resume();
    const before = memory(daemon.child.pid!, "VmRSS");
    // One HTTP/2 session holds at most 128 streams (the daemon's limit): 100 per client.
    const clients = Array.from({ length: Math.ceil(OPEN_STREAMS / 100) }, () =>
      createClient(Exec, createNodeTransport({ url: daemon.url, token: TOKEN })),
    );
    const abort = new AbortController();
    setMaxListeners(OPEN_STREAMS + 10, abort.signal); // one listener per open stream
    const pids: number[] = [];
    const streams = Array.from({ length: OPEN_STREAMS }, (_, i) =>
      (async () => {
        for await (const r of clients[Math.floor(i / 100)]!.run(
          { target: Target.HOST, command: "sleeper" },
          { signal: abort.signal },
        )) {
          if (r.event.case === "output")
            pids.push(Number(Buffer.from(r.event.value.data).toString().trim()));
        }
      })().catch(() => {}),
    );
    while (pids.length < OPEN_STREAMS) await new Promise((r) => setTimeout(r, 50));
    const open = memory(daemon.child.pid!, "VmRSS");
    abort.abort();
    await Promise.all(streams);
    const cleanStart = Date.now();
    while (pids.some(isAlive) && Date.now() - cleanStart < 20_000)
      await new Promise((r) => setTimeout(r, 50));
    const left = pids.filter(isAlive).length;
    results.memory = {
      slowReader: { bytes: STREAM_BYTES, readerMiBps: 100, idleMiB: idle, peakMiB: peak },
      openStreams: {
        count: OPEN_STREAMS,
        beforeMiB: before,
        openMiB: open,
        perThousandMiB: ((open - before) * 1000) / OPEN_STREAMS,
        leftRunning: left,
      },
    };
    say();
    say("Memory (daemon)");
    say(
      `peak RSS, ${STREAM_BYTES / MiB} MiB to a 100 MiB/s reader: ${peak.toFixed(0)} MiB (idle ${idle.toFixed(0)} MiB)`,
    );
    say(
      `RSS per 1,000 open exec streams: ${(((open - before) * 1000) / OPEN_STREAMS).toFixed(1)} MiB (${OPEN_STREAMS} open: ${before.toFixed(0)} → ${open.toFixed(0)} MiB; ${left} processes left after cancelling)`,
    );

    const cold = await coldStart(quick ? 5 : 30);
    results.coldStart = cold;
    say();
    say("Cold start");
    say(
      `ddbridge --help ${cold.helpMs.toFixed(0)} ms, node -e 0 ${cold.nodeMs.toFixed(0)} ms: ${cold.ratio.toFixed(2)}x bare Node`,
    );

    // Goals.
    const at64 = (size: number, client: string) => {
      const d = cells.find((c) => c.size === size && c.concurrency === 64 && c.client === "direct")!
        .result.rps;
      const b = cells.find((c) => c.size === size && c.concurrency === 64 && c.client === client)
        ?.result.rps;
      return b === undefined ? Number.NaN : b / d;
    };
    const webP50AtC1 = (() => {
      const at = (client: string) =>
        cells.find((c) => c.size === 100 && c.concurrency === 1 && c.client === client)?.result.p50;
      return at("Connect-Web (Chromium)")! / at("direct")!;
    })();
    const perThousand = ((open - before) * 1000) / OPEN_STREAMS;
    const execRatio = bridgeRate / directRate;
    const overhead = spawnBridge.p50 - spawnDirect.p50;
    // Issue 13's goals; the two earlier, stricter lines are kept beside them.
    const goals: Array<[string, number, string, boolean]> = [
      [
        "HTTP rps at c=64, 100 B (@ddbridge/client)",
        at64(100, "@ddbridge/client"),
        "≥ 0.5",
        at64(100, "@ddbridge/client") >= 0.5,
      ],
      ["  stretch", at64(100, "@ddbridge/client"), "≥ 0.8", at64(100, "@ddbridge/client") >= 0.8],
      [
        "  same, connect-node gRPC client",
        at64(100, "connect-node gRPC"),
        "≥ 0.5",
        at64(100, "connect-node gRPC") >= 0.5,
      ],
      [
        "HTTP rps at c=64, 4 MiB (@ddbridge/client)",
        at64(4 * MiB, "@ddbridge/client"),
        "≥ 0.5",
        at64(4 * MiB, "@ddbridge/client") >= 0.5,
      ],
      [
        "  earlier goal, same row",
        at64(4 * MiB, "@ddbridge/client"),
        "≥ 0.8",
        at64(4 * MiB, "@ddbridge/client") >= 0.8,
      ],
      [
        "  same, connect-node gRPC client",
        at64(4 * MiB, "connect-node gRPC"),
        "≥ 0.5",
        at64(4 * MiB, "connect-node gRPC") >= 0.5,
      ],
      ["exec stream throughput ratio", execRatio, "≥ 0.5", execRatio >= 0.5],
      ["  stretch", execRatio, "≥ 0.65", execRatio >= 0.65],
      ["  earlier goal", execRatio, "≥ 0.7", execRatio >= 0.7],
      ["Connect-Web (Chromium) c=1 100 B p50 / direct", webP50AtC1, "≤ 9", webP50AtC1 <= 9],
      ["host exec latency overhead (ms)", overhead, "≤ 2", overhead <= 2],
      ["peak RSS streaming to a slow reader (MiB)", peak, "< 100", peak < 100],
      ["idle RSS (MiB)", idle, "< 70", idle < 70],
      ["RSS per 1,000 open exec streams (MiB)", perThousand, "< 60", perThousand < 60],
      ["cold start, ddbridge --help / node -e 0", cold.ratio, "≤ 2", cold.ratio <= 2],
    ];
    results.goals = goals.map(([name, value, goal, met]) => ({ name, value, goal, met }));
    say();
    say("Goals");
    for (const [name, value, goal, met] of goals)
      say(
        `${met ? "met    " : "missed "} ${name.padEnd(48)} ${value.toFixed(2).padEnd(8)} goal ${goal}`,
      );
  } finally {
    daemon.child.kill("SIGTERM");
    plain.child.kill("SIGTERM");
    backend.kill("SIGTERM");
    await browser.close();
    await tmp.remove();
  }
  const machine = {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    memGiB: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  const out = flags.out ?? join(ROOT, "bench-results/bench.json");
  await mkdir(dirname(out), { recursive: true });
  await writeFile(
    out,
    JSON.stringify(
      { date: new Date().toISOString(), quick, machine, results, table: lines },
      null,
      2,
    ),
  );
  say();
  say(`raw figures: ${out}`);
}

await main();
