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
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import * as os from "node:os";
import { dirname, join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { createClient } from "@connectrpc/connect";
import { Exec, HttpService, Target } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import {
  FIXTURE_BACKEND_MAIN,
  HOST_BIN,
  launchChromium,
  newPage,
  spawnDaemon,
  tempDir,
} from "@ddbridge/testing";
import { startNginx, startNodeProxy } from "./anchors.js";
import { coldStart } from "./cold-start.js";
import { benchDockerExec } from "./docker-exec.js";
import {
  type ExternalClients,
  type MatrixCell,
  runHttpMatrix,
  webFloorInPage,
} from "./http-matrix.js";
import { cellOf, matrixLines } from "./matrix-table.js";
import { type LoadResult, memory, timeEach } from "./measure.js";
import { manyCallers, openStreams } from "./scale.js";

const MiB = 1024 * 1024;
const { values: flags } = parseArgs({
  options: { quick: { type: "boolean" }, out: { type: "string" } },
});
const quick = flags.quick === true;
const CELL_SECONDS = quick ? 0.2 : 1.5;
const EXEC_N = quick ? 20 : 200;
const STREAM_BYTES = quick ? 64 * MiB : 1024 * MiB;
const LONG_STREAM_BYTES = quick ? 256 * MiB : 10 * 1024 * MiB;
const OPEN_STREAMS = quick ? [100, 200] : [1000, 5000, 10_000];
const CALLERS = quick ? 200 : 1000;
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

/** "+0.12" or "-0.12". */
const signed = (n: number) => `${n >= 0 ? "+" : ""}${n.toFixed(2)}`;

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
  // The one-hop anchors, in this run beside everything else.
  const nginx = await startNginx(tmp.dir, socketPath);
  const nodeProxy = await startNodeProxy(socketPath);
  const anchors = { ...(nginx ? { nginx: nginx.url } : {}), "Node proxy": nodeProxy.url };
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
    const matrix = async (title: string, url: string) => {
      const matrixPage = await newPage(browser);
      await matrixPage.goto(`${url}/#ddbridge-token=${TOKEN}`);
      say();
      say(
        `HTTP GET through the bridge (${title}) vs a direct keep-alive client on the backend socket (${CELL_SECONDS}s per cell)`,
      );
      say("each cell: requests/s as a ratio to direct, p50 latency over direct");
      const cells: MatrixCell[] = await runHttpMatrix({
        socketPath,
        url,
        token: TOKEN,
        page: matrixPage,
        seconds: CELL_SECONDS,
        external,
        anchors,
      });
      for (const line of matrixLines(cells)) say(line);
      // Chromium's own fetch of a static file from the same daemon: Connect-Web's floor.
      const webFloor = await webFloorInPage(matrixPage, "/index.html", CELL_SECONDS * 2);
      await matrixPage.close();
      return { cells, webFloor };
    };
    const { cells, webFloor } = await matrix("hot path, the default", daemon.url);
    const { cells: plainCells } = await matrix("--no-fast-path: connect-node only", plain.url);
    results.http = cells;
    results.httpNoFastPath = plainCells;
    results.connectWebFloor = webFloor;
    const webOverStatic = webFloor.connectWebP50 - webFloor.staticP50;
    say();
    say(
      `Connect-Web 100 B, one at a time, in turns with Chromium's fetch of a static file from the same daemon (${webFloor.calls} each): p50 ${webFloor.connectWebP50.toFixed(2)} ms vs ${webFloor.staticP50.toFixed(2)} ms, ${signed(webOverStatic)} ms`,
    );
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

    // The first call's cost: imports deferred until it (undici for vm.service).
    daemon = await spawnDaemon(daemonArgs, env);
    daemon.child.stderr!.resume();
    const firstCallClient = createClient(
      HttpService,
      createNodeTransport({ url: daemon.url, token: TOKEN }),
    );
    const idleFresh = memory(daemon.child.pid!, "VmRSS");
    let t = performance.now();
    await firstCallClient.call({ path: "/large?bytes=100" });
    const firstCallMs = performance.now() - t;
    const afterFirst = memory(daemon.child.pid!, "VmRSS");
    const second = await timeEach(20, () => firstCallClient.call({ path: "/large?bytes=100" }));
    daemon.child.kill("SIGTERM");
    await daemon.exit;

    // A long stream: throughput and the daemon's peak RSS over it.
    daemon = await spawnDaemon(daemonArgs, env);
    daemon.child.stderr!.resume();
    const long = createClient(Exec, createNodeTransport({ url: daemon.url, token: TOKEN }));
    t = performance.now();
    expectBytes(await bridgeRun(long, "spew", [String(LONG_STREAM_BYTES)]), LONG_STREAM_BYTES);
    const longRate = LONG_STREAM_BYTES / MiB / ((performance.now() - t) / 1000);
    const longPeak = memory(daemon.child.pid!, "VmHWM");
    daemon.child.kill("SIGTERM");
    await daemon.exit;
    t = performance.now();
    expectBytes(await drainChild(["spew", String(LONG_STREAM_BYTES)]), LONG_STREAM_BYTES);
    const longDirect = LONG_STREAM_BYTES / MiB / ((performance.now() - t) / 1000);

    const setup = { args: daemonArgs, env, token: TOKEN };
    const open = await openStreams(setup, OPEN_STREAMS);
    const many = await manyCallers(setup, socketPath, CALLERS, CELL_SECONDS);
    const perThousand = open.at.at(-1)!.perThousandMiB;
    results.memory = {
      slowReader: { bytes: STREAM_BYTES, readerMiBps: 100, idleMiB: idle, peakMiB: peak },
      firstCall: {
        idleMiB: idleFresh,
        afterMiB: afterFirst,
        ms: firstCallMs,
        nextP50Ms: second.p50,
      },
      openStreams: open,
    };
    results.scale = {
      longStream: {
        bytes: LONG_STREAM_BYTES,
        bridgeMiBps: longRate,
        directMiBps: longDirect,
        peakMiB: longPeak,
      },
      manyCallers: many,
    };
    say();
    say("Memory (daemon)");
    say(
      `peak RSS, ${STREAM_BYTES / MiB} MiB to a 100 MiB/s reader: ${peak.toFixed(0)} MiB (idle ${idle.toFixed(0)} MiB)`,
    );
    say(
      `first vm.service call (loads undici): ${firstCallMs.toFixed(1)} ms, the next p50 ${second.p50.toFixed(2)} ms; RSS ${idleFresh.toFixed(0)} → ${afterFirst.toFixed(0)} MiB`,
    );
    say();
    say("Scale");
    for (const a of open.at) {
      say(
        `${String(a.open).padStart(6)} open exec streams: RSS ${a.rssMiB.toFixed(0)} MiB (from ${open.beforeMiB.toFixed(0)}), ${a.perThousandMiB.toFixed(1)} MiB per 1,000`,
      );
    }
    const last = open.at.at(-1)!;
    if (open.limitedBy) say(`  (fewer than ${OPEN_STREAMS.at(-1)}: ${open.limitedBy})`);
    say(
      `  per 1,000 at ${last.open} / at ${open.at[0]!.open}: ${(last.perThousandMiB / open.at[0]!.perThousandMiB).toFixed(2)}x (1.00x: linear); ${open.leftRunning} processes left after cancelling them all (gone in ${(open.cleanupMs / 1000).toFixed(1)} s)`,
    );
    const ratio = (a: LoadResult, b: LoadResult) => (a.rps / b.rps).toFixed(2);
    say(
      `${many.callers} concurrent vm.service callers (100 B): ${many.bridge.rps.toFixed(0)} req/s, ${ratio(many.bridge, many.direct)}x direct (${many.direct.rps.toFixed(0)}/s), p50 ${many.bridge.p50.toFixed(1)} ms p99 ${many.bridge.p99.toFixed(1)} ms, ${many.failed} failed, daemon peak RSS ${many.peakMiB.toFixed(0)} MiB`,
    );
    say(
      `one exec stream of ${LONG_STREAM_BYTES / 1024 / MiB} GiB: ${longRate.toFixed(0)} MiB/s, ${(longRate / longDirect).toFixed(2)}x a direct pipe reader (${longDirect.toFixed(0)} MiB/s), daemon peak RSS ${longPeak.toFixed(0)} MiB`,
    );

    const cold = await coldStart(quick ? 5 : 30);
    results.coldStart = cold;
    say();
    say("Cold start");
    say(
      `ddbridge --help ${cold.helpMs.toFixed(0)} ms, node -e 0 ${cold.nodeMs.toFixed(0)} ms: ${cold.ratio.toFixed(2)}x bare Node`,
    );

    // Goals (issue 29), each ratio from this run.
    const bridge = "@ddbridge/client";
    const rpsRatio = (size: number, conc: number, client: string, to = "direct") => {
      const a = cellOf(cells, size, conc, client as "direct");
      const b = cellOf(cells, size, conc, to as "direct");
      return a && b && !a.failed ? a.result.rps / b.result.rps : Number.NaN;
    };
    const p50Over = (cellsOf: MatrixCell[], client: string) => {
      const a = cellOf(cellsOf, 100, 1, client as "direct")?.result.p50;
      const d = cellOf(cellsOf, 100, 1, "direct")?.result.p50;
      return a === undefined || d === undefined ? Number.NaN : a - d;
    };
    const overhead100 = p50Over(cells, bridge);
    const execRatio = bridgeRate / directRate;
    const overhead = spawnBridge.p50 - spawnDirect.p50;
    const failedCells = [...cells, ...plainCells].filter((c) => c.failed).length;
    const nginx64 = rpsRatio(100, 64, "nginx");
    const goal = (
      name: string,
      value: number,
      text: string,
      met: boolean,
    ): [string, number, string, boolean] => [name, value, text, met];
    const goals: Array<[string, number, string, boolean]> = [
      goal("100 B c=1 p50 overhead over direct (ms)", overhead100, "≤ 0.30", overhead100 <= 0.3),
      goal("  stretch", overhead100, "≤ 0.15", overhead100 <= 0.15),
      goal(
        "100 B c=64 rps / direct",
        rpsRatio(100, 64, bridge),
        "≥ 0.7",
        rpsRatio(100, 64, bridge) >= 0.7,
      ),
      goal(
        "  stretch: nginx's ratio",
        rpsRatio(100, 64, bridge),
        `≥ ${nginx64.toFixed(2)}`,
        rpsRatio(100, 64, bridge) >= nginx64,
      ),
      ...[1, 64].flatMap((c) => [
        goal(
          `4 MiB c=${c} rps / direct`,
          rpsRatio(4 * MiB, c, bridge),
          "≥ 0.5",
          rpsRatio(4 * MiB, c, bridge) >= 0.5,
        ),
        goal(
          "  stretch: nginx's ratio",
          rpsRatio(4 * MiB, c, bridge),
          `≥ ${rpsRatio(4 * MiB, c, "nginx").toFixed(2)}`,
          rpsRatio(4 * MiB, c, bridge) >= rpsRatio(4 * MiB, c, "nginx"),
        ),
      ]),
      goal(
        "Connect-Web c=1 100 B p50 over a static fetch (ms)",
        webOverStatic,
        "≤ 0.5",
        webOverStatic <= 0.5,
      ),
      goal("exec stream throughput / direct pipe", execRatio, "≥ 0.85", execRatio >= 0.85),
      goal("host exec latency overhead (ms)", overhead, "≤ 0.5", overhead <= 0.5),
      goal("idle RSS (MiB)", idle, "< 60", idle < 60),
      goal("peak RSS streaming to a slow reader (MiB)", peak, "< 90", peak < 90),
      goal("RSS per 1,000 open exec streams (MiB)", perThousand, "< 50", perThousand < 50),
      goal("failed cells, both matrices", failedCells, "0", failedCells === 0),
      goal("cold start, ddbridge --help / node -e 0", cold.ratio, "≤ 2", cold.ratio <= 2),
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
    await nginx?.stop();
    await nodeProxy.stop();
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
