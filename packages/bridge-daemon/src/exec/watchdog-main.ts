/**
 * The watchdog process (see orphan-watchdog.ts). Argument: the owner part of
 * the daemon's markers. When stdin ends, the daemon is gone: kill what its
 * commands started, then exit.
 */
import { killMarked } from "./marked-processes.js";

const owner = `${process.argv[2]}/`;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => {});
process.stdin.on("error", () => {});
process.stdin.resume();
process.stdin.once("close", () => {
  void killMarked((marker) => marker.startsWith(owner)).finally(() => process.exit(0));
});
