import type { ChildProcess } from "node:child_process";

/**
 * Ends a child started with `detached: true` and everything it started:
 * SIGTERM to its process group, SIGKILL after `graceMs`; resolves once the
 * child has exited.
 */
export async function stopProcessGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => child.once("exit", () => r()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, s);
    } catch {}
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  // The leader is gone; whatever it left in its group goes too.
  signal("SIGKILL");
}
