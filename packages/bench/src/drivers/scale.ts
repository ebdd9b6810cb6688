/**
 * How cost grows with work: open exec streams by the thousand, a thousand
 * concurrent vm.service callers, one very long exec stream. Each on a fresh
 * daemon, so its memory figures are its own.
 */
import { execFileSync } from "node:child_process";
import { setMaxListeners } from "node:events";
import { readdirSync } from "node:fs";
import { createClient } from "@connectrpc/connect";
import { Exec, HttpService, Target } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import { eventually, isAlive, spawnDaemon } from "@ddbridge/testing";
import { Pool } from "undici";
import { type LoadResult, load, memory } from "./measure.js";

export interface DaemonSetup {
  args: string[];
  env: NodeJS.ProcessEnv;
  token: string;
}

/** RSS of the daemon with `n` exec streams open, at each of `checkpoints`. */
export interface OpenStreams {
  beforeMiB: number;
  at: Array<{ open: number; rssMiB: number; perThousandMiB: number }>;
  /** Processes still alive 20 s after every stream was cancelled. */
  leftRunning: number;
  /** How long until none was (or 20 s). */
  cleanupMs: number;
  /** Why fewer streams were opened than asked: the open-files limit this machine allows. */
  limitedBy?: string;
}

/**
 * Opens `sleeper` exec streams up to each checkpoint and reads the daemon's
 * RSS there; then cancels them all and counts the processes left. The
 * daemon runs under a raised `ulimit -n` (two pipes per command).
 */
export async function openStreams(setup: DaemonSetup, checkpoints: number[]): Promise<OpenStreams> {
  const max = Math.max(...checkpoints);
  // Raising the hard limit needs privileges a container may not have: stay under it.
  const hard = Number(execFileSync("/bin/sh", ["-c", "ulimit -Hn"]).toString().trim());
  const openFiles = Math.min(Number.isFinite(hard) ? hard : 1_048_576, Math.max(4096, max * 4));
  const daemon = await spawnDaemon(setup.args, setup.env, { openFiles });
  daemon.child.stderr!.resume();
  const pid = daemon.child.pid!;
  const fds = () => readdirSync(`/proc/${pid}/fd`).length;
  const fdsBefore = fds();
  let cap = max;
  let limitedBy: string | undefined;
  const abort = new AbortController();
  setMaxListeners(max + 10, abort.signal);
  const pids: number[] = [];
  const streams: Promise<void>[] = [];
  // One HTTP/2 session holds at most 128 streams (the daemon's limit): 100 per client.
  const clients: ReturnType<typeof createClient<typeof Exec>>[] = [];
  try {
    const before = memory(pid, "VmRSS");
    const at: OpenStreams["at"] = [];
    for (const wanted of checkpoints) {
      const target = Math.min(wanted, cap);
      if (at.some((a) => a.open === target)) break;
      while (streams.length < target) {
        const i = streams.length;
        if (i % 100 === 0)
          clients.push(
            createClient(Exec, createNodeTransport({ url: daemon.url, token: setup.token })),
          );
        streams.push(
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
        // Spawns in batches: a thousand forks at once starve everything else.
        if (streams.length - pids.length >= 200)
          await until(() => streams.length - pids.length < 50);
      }
      await until(() => pids.length >= target, 120_000);
      const rss = memory(pid, "VmRSS");
      at.push({ open: target, rssMiB: rss, perThousandMiB: ((rss - before) * 1000) / target });
      if (at.length === 1) {
        // What one command holds open (its pipes), and so how many fit under the limit.
        const perStream = (fds() - fdsBefore) / target;
        const fit = Math.floor((openFiles - fdsBefore - 256) / Math.max(1, perStream));
        if (fit < max) {
          cap = Math.floor(fit / 100) * 100;
          limitedBy = `ulimit -n ${openFiles} (hard limit ${hard}), ${perStream.toFixed(1)} files per command: ${cap} fit`;
        }
      }
    }
    abort.abort();
    await Promise.all(streams);
    const start = Date.now();
    while (pids.some(isAlive) && Date.now() - start < 20_000)
      await new Promise((r) => setTimeout(r, 100));
    const cleanupMs = Date.now() - start;
    return {
      beforeMiB: before,
      at,
      leftRunning: pids.filter(isAlive).length,
      cleanupMs,
      ...(limitedBy ? { limitedBy } : {}),
    };
  } finally {
    abort.abort();
    daemon.child.kill("SIGTERM");
    await daemon.exit;
  }
}

/** A thousand callers at once: the bridge beside direct, the same undici client for direct. */
export interface ManyCallers {
  callers: number;
  direct: LoadResult;
  bridge: LoadResult;
  failed: number;
  peakMiB: number;
}

export async function manyCallers(
  setup: DaemonSetup,
  socketPath: string,
  callers: number,
  seconds: number,
): Promise<ManyCallers> {
  const daemon = await spawnDaemon(setup.args, setup.env);
  daemon.child.stderr!.resume();
  const pool = new Pool("http://localhost", { socketPath, connections: 256 });
  // Sessions as a browser-less tool would open them: ten clients, a hundred callers each.
  const clients = Array.from({ length: Math.ceil(callers / 100) }, () =>
    createClient(HttpService, createNodeTransport({ url: daemon.url, token: setup.token })),
  );
  let failed = 0;
  let next = 0;
  try {
    const direct = await load(
      async () => {
        const r = await pool.request({ method: "GET", path: "/large?bytes=100" });
        await r.body.arrayBuffer();
      },
      callers,
      seconds,
    );
    const bridge = await load(
      () =>
        clients[next++ % clients.length]!.call({ path: "/large?bytes=100" }).catch(() => {
          failed++;
        }),
      callers,
      seconds,
    );
    return { callers, direct, bridge, failed, peakMiB: memory(daemon.child.pid!, "VmHWM") };
  } finally {
    await pool.close();
    daemon.child.kill("SIGTERM");
    await daemon.exit;
  }
}

/** Waits for `done`; throws after `timeoutMs`. */
async function until(done: () => boolean, timeoutMs = 60_000) {
  if (!(await eventually(done, timeoutMs))) throw new Error(`not done within ${timeoutMs} ms`);
}
