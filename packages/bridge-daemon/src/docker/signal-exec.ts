import { readlink } from "node:fs/promises";

/**
 * Whether host PID `execPid` is a process of the container whose init is host
 * PID `containerPid`: true only when the engine runs on this machine (same
 * kernel, visible /proc) and the two share a PID namespace.
 */
export async function isLocalContainerProcess(
  execPid: number,
  containerPid: number,
): Promise<boolean> {
  if (!(execPid > 0 && containerPid > 0)) return false;
  const [a, b] = await Promise.all([
    readlink(`/proc/${execPid}/ns/pid`).catch(() => undefined),
    readlink(`/proc/${containerPid}/ns/pid`).catch(() => undefined),
  ]);
  return a !== undefined && a === b;
}

/**
 * Signals the process group an exec leads. The Engine API has no way to
 * signal an exec, but runc starts each exec as a session (and group) leader,
 * so the group is exactly the command and what it started, and a signal to
 * it from the host reaches them all. False when the group is already gone.
 */
export function signalExecGroup(execPid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-execPid, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group
  }
}
