import { readdir, readFile } from "node:fs/promises";
import { markerIn, ownerAlive, RUN_MARKER } from "./run-marker.js";

/** A process carrying a {@link RUN_MARKER}. */
export interface MarkedProcess {
  pid: number;
  marker: string;
}

/**
 * The processes (of this user, or all as root) whose environment carries a
 * run marker, from `/proc`; none where there is no `/proc`.
 */
export async function markedProcesses(): Promise<MarkedProcess[]> {
  const pids = await readdir("/proc").catch(() => [] as string[]);
  const found = await Promise.all(
    pids
      .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
      .map(async (name) => {
        const environ = await readFile(`/proc/${name}/environ`).catch(() => undefined);
        const marker = environ && markerIn(environ);
        return marker ? { pid: Number(name), marker } : undefined;
      }),
  );
  return found.filter((p): p is MarkedProcess => p !== undefined);
}

/**
 * SIGKILLs every marked process whose marker `matches`, again until none is
 * left (one may fork while the last pass runs). Returns how many it killed.
 * This process's own marker (it may run under another daemon) is spared.
 */
export async function killMarked(matches: (marker: string) => boolean): Promise<number> {
  const own = process.env[RUN_MARKER];
  let killed = 0;
  for (let pass = 0; pass < 20; pass++) {
    const targets = (await markedProcesses()).filter((p) => p.marker !== own && matches(p.marker));
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
 * the backstop for a daemon killed together with its watchdog.
 */
export function killOrphans(): Promise<number> {
  return killMarked((marker) => !ownerAlive(marker));
}
