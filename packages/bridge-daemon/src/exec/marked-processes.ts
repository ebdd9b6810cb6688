import { readdir, readFile, stat } from "node:fs/promises";
import { forgetOwner, goneOwners } from "./owner-registry.js";
import { markerIn, RUN_MARKER } from "./run-marker.js";

/** A marker as ddbridge hands them out: `<pid>.<start time>/<n>`. Anything else is not ours. */
const WELL_FORMED = /^\d+\.\d+\/\d+$/;

/** A process carrying a {@link RUN_MARKER}. */
export interface MarkedProcess {
  pid: number;
  marker: string;
}

/**
 * The processes whose environment carries a well-formed run marker, from
 * `/proc` (with `sameUser`, only this user's, even as root); none where
 * there is no `/proc`. Commands in containers count: with a local engine
 * the host sees them, in their own PID namespace.
 */
export async function markedProcesses(sameUser = false): Promise<MarkedProcess[]> {
  const pids = await readdir("/proc").catch(() => [] as string[]);
  const uid = process.getuid?.();
  const found = await Promise.all(
    pids
      .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
      .map(async (name) => {
        const environ = await readFile(`/proc/${name}/environ`).catch(() => undefined);
        const marker = environ && markerIn(environ);
        if (!marker || !WELL_FORMED.test(marker)) return undefined;
        if (sameUser && uid !== undefined) {
          if ((await stat(`/proc/${name}`).catch(() => undefined))?.uid !== uid) return undefined;
        }
        return { pid: Number(name), marker };
      }),
  );
  return found.filter((p): p is MarkedProcess => p !== undefined);
}

/**
 * SIGKILLs every marked process whose marker `matches`, again until none is
 * left (one may fork while the last pass runs). Returns how many it killed.
 * This process's own marker (it may run under another daemon) is spared.
 */
export async function killMarked(
  matches: (marker: string) => boolean,
  sameUser = false,
): Promise<number> {
  const own = process.env[RUN_MARKER];
  let killed = 0;
  for (let pass = 0; pass < 20; pass++) {
    const targets = (await markedProcesses(sameUser)).filter(
      (p) => p.marker !== own && matches(p.marker),
    );
    if (targets.length === 0) break;
    for (const { pid } of targets) {
      try {
        process.kill(pid, "SIGKILL");
        killed++;
      } catch {
        // gone already, or not ours to signal
      }
    }
  }
  return killed;
}

/**
 * Kills what commands of daemons that are no longer running left behind:
 * the backstop for a daemon killed together with its watchdog. Only daemons
 * noted by {@link registerOwner} (this user's, in this PID namespace) are
 * vouched for, and only this user's processes are touched.
 */
export async function killOrphans(): Promise<number> {
  const gone = await goneOwners();
  if (gone.length === 0) return 0;
  const killed = await killMarked((m) => gone.some((o) => m.startsWith(`${o}/`)), true);
  for (const owner of gone) await forgetOwner(owner);
  return killed;
}

/** Markers waiting for the next sweep, each with the resolvers of who asked. */
let pending = new Map<string, Array<() => void>>();
let sweeping: Promise<void> | undefined;

/**
 * Kills what carries `marker`, as {@link killMarked} does, with the /proc
 * scans shared: the markers asked for while a sweep runs are all served by
 * the next one. A scan reads every process's environment, so a scan per
 * command made cancelling 3,000 running commands read /proc ~10 million
 * times: the last ones were still running 20 s later (the bench's scale row).
 */
export function killMarkedOf(marker: string): Promise<void> {
  return new Promise((resolve) => {
    const waiting = pending.get(marker);
    if (waiting) waiting.push(resolve);
    else pending.set(marker, [resolve]);
    if (!sweeping) sweeping = sweep();
  });
}

async function sweep(): Promise<void> {
  // Let the cancels of one turn gather before the first scan.
  await new Promise((r) => setImmediate(r));
  while (pending.size > 0) {
    const batch = pending;
    pending = new Map();
    try {
      await killMarked((m) => batch.has(m));
    } catch {
      // A scan that failed: the callers' own group kills already ran.
    } finally {
      for (const resolvers of batch.values()) for (const resolve of resolvers) resolve();
    }
  }
  sweeping = undefined;
}
