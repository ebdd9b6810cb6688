import { readFileSync } from "node:fs";

/**
 * The environment variable every command starts with. Its value names this
 * daemon process and the command: `<pid>.<start time>/<n>`. Children inherit
 * it, including those that leave the command's process group (`setsid`), so
 * the daemon, its watchdog or its next start can find them all (the way
 * Jenkins' ProcessTreeKiller finds a build's processes by BUILD_ID).
 */
export const RUN_MARKER = "DDBRIDGE_RUN";

let owner: string | undefined;
let count = 0;

/** This process's part of the markers: `<pid>.<start time>`, unique across PID reuse. */
export function ownerMarker(): string {
  owner ??= `${process.pid}.${startTimeOf(process.pid) ?? Date.now()}`;
  return owner;
}

/** A new command's marker. */
export function newRunMarker(): string {
  return `${ownerMarker()}/${++count}`;
}

/** Whether the daemon process that handed out `marker` still runs (same PID, same start time). */
export function ownerAlive(marker: string): boolean {
  const m = /^(\d+)\.(\d+)\//.exec(marker);
  if (!m) return false;
  return startTimeOf(Number(m[1])) === m[2];
}

/** The value of {@link RUN_MARKER} in the bytes of a `/proc/PID/environ`. */
export function markerIn(environ: Buffer): string | undefined {
  const key = `${RUN_MARKER}=`;
  for (let at = environ.indexOf(key); at !== -1; at = environ.indexOf(key, at + 1)) {
    if (at > 0 && environ[at - 1] !== 0) continue;
    const end = environ.indexOf(0, at);
    return environ.toString("utf8", at + key.length, end === -1 ? environ.length : end);
  }
  return undefined;
}

/** Field 22 of `/proc/PID/stat` (clock ticks since boot), after the command name. */
export function startTimeIn(stat: string): string | undefined {
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

function startTimeOf(pid: number): string | undefined {
  try {
    return startTimeIn(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return undefined; // gone, or no /proc (not Linux)
  }
}
