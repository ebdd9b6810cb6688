import { readFileSync } from "node:fs";

/**
 * Whether a process id is still alive. Zombies count as gone: a killed child
 * that nobody reaped yet is not a leak.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

/** Polls `fn` until it is true or `ms` pass; cleanup is asynchronous, so tests wait, never sleep. */
export async function eventually(
  fn: () => boolean | Promise<boolean>,
  ms = 5000,
): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return fn();
}
