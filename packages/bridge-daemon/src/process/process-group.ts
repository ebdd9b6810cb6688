import type { ChildProcess } from "node:child_process";
import { terminateGroup } from "./signal-group.js";

/**
 * Ends a child started with `detached: true` and everything it started:
 * SIGTERM to its process group, SIGKILL after `graceMs`; resolves once the
 * child has exited.
 */
export async function stopProcessGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.pid === undefined) return;
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((r) => child.once("exit", () => r()));
  await terminateGroup(child.pid, graceMs, exited);
  await exited;
}
