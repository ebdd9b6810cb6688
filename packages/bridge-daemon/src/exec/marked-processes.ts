import { readdir, readFile, readlink, stat } from "node:fs/promises";
import { markerIn, ownerAlive, RUN_MARKER } from "./run-marker.js";

/** A marker as ddbridge hands them out: `<pid>.<start time>/<n>`. Anything else is not ours. */
const WELL_FORMED = /^\d+\.\d+\/\d+$/;

/** A process carrying a {@link RUN_MARKER}. */
export interface MarkedProcess {
  pid: number;
  marker: string;
}

/**
 * The processes whose environment carries a well-formed run marker, from
 * `/proc`, that a daemon here could have started: this user's (even as
 * root), in this PID namespace (a marker names its daemon by a PID of its
 * own namespace: seen from here, a daemon in another one looks dead when it
 * is not). None where there is no `/proc`.
 */
export async function markedProcesses(): Promise<MarkedProcess[]> {
  const pids = await readdir("/proc").catch(() => [] as string[]);
  const ownNamespace = await readlink("/proc/self/ns/pid").catch(() => undefined);
  const uid = process.getuid?.();
  const found = await Promise.all(
    pids
      .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
      .map(async (name) => {
        const environ = await readFile(`/proc/${name}/environ`).catch(() => undefined);
        const marker = environ && markerIn(environ);
        if (!marker || !WELL_FORMED.test(marker)) return undefined;
        if (
          uid !== undefined &&
          (await stat(`/proc/${name}`).catch(() => undefined))?.uid !== uid
        ) {
          return undefined;
        }
        const namespace = await readlink(`/proc/${name}/ns/pid`).catch(() => undefined);
        if (namespace !== ownNamespace) return undefined;
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
