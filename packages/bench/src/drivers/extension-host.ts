import { execFile, spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { buildImage, connectEngine } from "@ddbridge/bridge-daemon";
import { createDdClient, type DdClient } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import {
  buildGoFixtureBackend,
  DDBRIDGE_BIN,
  ensureBusyboxImage,
  goBackendExtension,
  spawnDaemon,
  tempDir,
  tempHome,
} from "@ddbridge/testing";
import { memory } from "./measure.js";

/** What the host bench measured: RSS per hosted extension, and installing one while others serve. */
export interface HostResult {
  extensions: number;
  /** One extension in a daemon of its own (`ddbridge up IMAGE`): the baseline. */
  single: { idleMiB: number; streamingMiB: number; upMs: number };
  /** The host's RSS with no extension, then with all of them, idle and with one stream each. */
  host: { emptyMiB: number; idleMiB: number; streamingMiB: number };
  /** `ddbridge up IMAGE` into the host while the first extension streams, each install in turn. */
  addMs: number[];
  /** Ticks the first extension's stream delivered while the second was installed (0: it stalled). */
  ticksDuringAdd: number;
}

const TAG = "ddbridge-bench/hosted";
const run = promisify(execFile);

/**
 * `n` extension images (one Go fixture backend image, tagged n times: each is
 * its own install), served first one by one (`up`, the baseline), then all by
 * one `ddbridge host`; each with one streaming VM command for the streaming figures.
 */
export async function benchExtensionHost(n: number): Promise<HostResult | string> {
  const engine = connectEngine();
  try {
    await engine.api.ping();
  } catch {
    return `no Docker engine at ${engine.host}`;
  }
  const build = await tempDir("ddbridge-bench-host-");
  const homes = [await tempHome(), await tempHome()];
  const images = Array.from({ length: n }, (_, i) => `${TAG}-${i + 1}:latest`);
  const env = (home: string) => ({ DDBRIDGE_HOME: home, DDBRIDGE_TOKEN: undefined });
  try {
    const why = buildGoFixtureBackend(join(build.dir, "backend"));
    if (why) return why;
    await ensureBusyboxImage(engine);
    const ctx = await goBackendExtension(build.dir, "bench-ext", join(build.dir, "backend"));
    await buildImage(engine, ctx, images[0]!);
    for (const image of images.slice(1)) {
      const [repo = "", tag = "latest"] = image.split(":");
      await engine.api.getImage(images[0]!).tag({ repo, tag });
    }
    const flags = ["--listen", "127.0.0.1:0", "--network", "none", "--log-level", "warn"];

    // Baseline: one extension, one daemon.
    let t = performance.now();
    const single = await spawnDaemon([images[0]!, ...flags], env(homes[0]!.dir), {
      command: "up",
      timeoutMs: 120_000,
    });
    const upMs = performance.now() - t;
    single.child.stderr!.resume();
    const singleToken = (await readFile(join(homes[0]!.dir, "token"), "utf8")).trim();
    const singleClient = createDdClient(
      createNodeTransport({ url: single.url, token: singleToken }),
    );
    await singleClient.extension.vm.service.get("/hello");
    const singleIdle = memory(single.child.pid!, "VmRSS");
    const singleStream = tick(singleClient);
    await singleStream.started;
    const singleStreaming = memory(single.child.pid!, "VmRSS");
    singleStream.stop();
    single.child.kill("SIGTERM");
    await single.exit;

    // The host: empty, then n extensions added one by one while the first streams.
    const home = homes[1]!.dir;
    const host = await spawnDaemon([...flags, "--yes"], env(home), {
      command: "host",
      timeoutMs: 60_000,
    });
    host.child.stderr!.resume();
    const pid = host.child.pid!;
    try {
      const emptyMiB = memory(pid, "VmRSS");
      const addMs: number[] = [];
      const clients: DdClient[] = [];
      let first: ReturnType<typeof tick> | undefined;
      let ticksDuringAdd = 0;
      for (const image of images) {
        const before = first?.count() ?? 0;
        t = performance.now();
        // Not spawnSync: this process's loop must go on counting the first extension's lines.
        await run(process.execPath, [DDBRIDGE_BIN, "up", image], {
          env: { ...process.env, ...env(home) },
        }).catch((err: { stderr?: string }) => {
          throw new Error(`ddbridge up ${image} into the host: ${err.stderr}`);
        });
        addMs.push(performance.now() - t);
        if (clients.length === 1) ticksDuringAdd = (first?.count() ?? 0) - before;
        const listed = JSON.parse(
          spawnSync(process.execPath, [DDBRIDGE_BIN, "ls", "--json"], {
            env: { ...process.env, ...env(home) },
            encoding: "utf8",
          }).stdout,
        ) as Array<{ image: string; tokenFile?: string }>;
        const entry = listed.find((e) => e.image === image)!;
        const token = (await readFile(entry.tokenFile!, "utf8")).trim();
        const client = createDdClient(createNodeTransport({ url: host.url, token }));
        await client.extension.vm.service.get("/hello");
        clients.push(client);
        if (!first) {
          first = tick(client);
          await first.started;
        }
      }
      const idleMiB = memory(pid, "VmRSS");
      const streams = [first!, ...clients.slice(1).map((c) => tick(c))];
      await Promise.all(streams.map((s) => s.started));
      const streamingMiB = memory(pid, "VmRSS");
      for (const s of streams) s.stop();
      return {
        extensions: n,
        single: { idleMiB: singleIdle, streamingMiB: singleStreaming, upMs },
        host: { emptyMiB, idleMiB, streamingMiB },
        addMs,
        ticksDuringAdd,
      };
    } finally {
      host.child.kill("SIGTERM");
      await host.exit;
    }
  } finally {
    for (const h of homes) await h.remove();
    for (const image of images)
      await engine.api
        .getImage(image)
        .remove({ force: true })
        .catch(() => {});
    await build.remove();
  }
}

/** A VM command that prints a line every 100 ms, streamed; resolves `started` at its first line. */
function tick(client: DdClient) {
  let count = 0;
  let started!: () => void;
  const ready = new Promise<void>((r) => (started = r));
  const proc = client.extension.vm.cli.exec(
    "sh",
    ["-c", "while :; do echo tick; sleep 0.1; done"],
    {
      stream: {
        onOutput: () => {
          count++;
          started();
        },
        onError: () => started(),
        onClose: () => started(),
        splitOutputLines: true,
      },
    },
  );
  return { started: ready, count: () => count, stop: () => proc.close() };
}
