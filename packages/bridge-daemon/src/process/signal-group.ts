/**
 * Signals the process group `pid` leads: the command and everything it
 * started that did not leave the group. Commands are started as group
 * leaders (host processes with `detached`; container execs by runc, as
 * session leaders), so this reaches their children too. False when the group
 * is already gone.
 */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: nothing left in the group
  }
}

/**
 * Ends a command's group: SIGTERM, then SIGKILL once `exited` settles or
 * `graceMs` pass. Children may outlive their leader, so the group gets the
 * KILL either way.
 */
export async function terminateGroup(
  pid: number,
  graceMs: number,
  exited: Promise<unknown>,
): Promise<void> {
  if (!signalGroup(pid, "SIGTERM")) return;
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
    timer.unref();
  });
  await Promise.race([exited, grace]);
  clearTimeout(timer);
  signalGroup(pid, "SIGKILL");
}
