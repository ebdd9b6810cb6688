/**
 * `npm run bench`: how far ddbridge is from the direct path, per path,
 * measured in one run on one machine. Prints ratios (absolute times on
 * shared machines are not comparable), checks them against the goals, and
 * writes the raw figures with the machine's description to
 * bench-results/bench.json.
 *
 *   --quick   small sizes and short runs: the CI smoke run (seconds, no asserts)
 *   --out F   where to write the JSON
 *
 * Two daemons run side by side: the default (the hot path serves HttpService
 * and Exec) and one with --no-fast-path (connect-node serves everything).
 * The backend, the daemon, the anchors and Chromium run as separate
 * processes, as in use.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, writeFile } from "node:fs/promises";
import * as os from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import {
  FIXTURE_BACKEND_MAIN,
  HOST_BIN,
  launchChromium,
  spawnDaemon,
  tempDir,
} from "@ddbridge/testing";
import { type BenchRun, runSizes } from "./bench-run.js";
import { coldStart } from "./drivers/cold-start.js";
import { externalClients } from "./drivers/external-clients.js";
import { execSection } from "./sections/exec-section.js";
import { goalsSection } from "./sections/goals-section.js";
import { hostSection } from "./sections/host-section.js";
import { httpSection } from "./sections/http-section.js";
import { keystrokeSection } from "./sections/keystroke-section.js";
import { memorySection } from "./sections/memory-section.js";
import { scaleSection } from "./sections/scale-section.js";
import { startNginx, startNodeProxy } from "./servers/anchors.js";

const { values: flags } = parseArgs({
  options: { quick: { type: "boolean" }, out: { type: "string" } },
});
const ROOT = join(import.meta.dirname, "../../..");
const TOKEN = "bench-token-0123456789-abcdefghijklmnop";

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
  const lines: string[] = [];
  const run: BenchRun = {
    sizes: runSizes(flags.quick === true),
    token: TOKEN,
    socketPath,
    daemonArgs: [
      ...["--extension", ext, "--listen", "127.0.0.1:0", "--socket", socketPath],
      ...["--host-bin", HOST_BIN, "--log-level", "info"],
      ...["--ui", join(ROOT, "packages/web-shim/test/conformance")],
    ],
    env: { DDBRIDGE_TOKEN: TOKEN, DDBRIDGE_HOME: tmp.dir },
    say: (line = "") => {
      lines.push(line);
      process.stdout.write(`${line}\n`);
    },
    results: {},
  };
  const browser = await launchChromium();
  const external = await externalClients(tmp.dir, ROOT);
  // The one-hop anchors, in this run beside everything else.
  const nginx = await startNginx(tmp.dir, socketPath);
  const nodeProxy = await startNodeProxy(socketPath);
  const anchors = { ...(nginx ? { nginx: nginx.url } : {}), "Node proxy": nodeProxy.url };
  const daemons: Array<Awaited<ReturnType<typeof spawnDaemon>>> = [];
  try {
    const daemon = await spawnDaemon(run.daemonArgs, run.env);
    daemons.push(daemon);
    // The same daemon without the hot path: connect-node serves every call.
    const plain = await spawnDaemon([...run.daemonArgs, "--no-fast-path"], run.env);
    daemons.push(plain);
    for (const d of daemons) d.child.stderr!.resume();
    // Exec first, while the processes are fresh: fork() slows down as a heap grows.
    const exec = await execSection(run, daemon.url, plain.url);
    await keystrokeSection(run, daemon.url, browser);
    const http = await httpSection(
      run,
      { url: daemon.url, plainUrl: plain.url },
      browser,
      external,
      anchors,
    );
    for (const d of daemons.splice(0)) {
      d.child.kill("SIGTERM");
      await d.exit;
    }
    const memory = await memorySection(run);
    const scale = await scaleSection(run, memory.longStream);
    await hostSection(run);
    const cold = await coldStart(run.sizes.quick ? 5 : 30);
    run.results.coldStart = cold;
    run.say();
    run.say("Cold start");
    run.say(
      `ddbridge --help ${cold.helpMs.toFixed(0)} ms, node -e 0 ${cold.nodeMs.toFixed(0)} ms: ${cold.ratio.toFixed(2)}x bare Node`,
    );
    goalsSection(run, { ...http, ...exec, ...memory, ...scale, coldRatio: cold.ratio });
  } finally {
    for (const d of daemons) d.child.kill("SIGTERM");
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
  const { quick } = run.sizes;
  const json = {
    date: new Date().toISOString(),
    quick,
    machine,
    results: run.results,
    table: lines,
  };
  await writeFile(out, JSON.stringify(json, null, 2));
  run.say();
  run.say(`raw figures: ${out}`);
}

await main();
