/**
 * The watchdog process (see orphan-watchdog.ts). Argument: the owner part of
 * the daemon's markers. When stdin ends, the daemon is gone: kill what its
 * commands started, then exit. It also checks every few seconds that the
 * daemon (same PID, same start time) still runs: a watchdog was once left
 * behind, asleep, after its daemon had exited (its stdin still open).
 */
import { killMarked } from "./marked-processes.js";
import { ownerAlive } from "./run-marker.js";

const owner = `${process.argv[2]}/`;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => {});

let sweeping = false;
function sweepAndExit() {
  if (sweeping) return;
  sweeping = true;
  // Ended with SIGKILL, not process.exit: Node's shutdown sometimes hangs for
  // good joining V8's worker threads (nodejs/node#54918, #64560), and 1 in
  // ~40 watchdogs stayed behind that way on Node 24. It has nothing to flush.
  void killMarked((marker) => marker.startsWith(owner)).finally(() =>
    process.kill(process.pid, "SIGKILL"),
  );
}

process.stdin.on("error", () => {});
process.stdin.resume();
process.stdin.once("close", sweepAndExit);
setInterval(() => {
  if (!ownerAlive(owner)) sweepAndExit();
}, 2000).unref();
