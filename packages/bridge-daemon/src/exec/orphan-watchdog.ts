import { type ChildProcess, spawn } from "node:child_process";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { ownerMarker, RUN_MARKER } from "./run-marker.js";

let watchdog: ChildProcess | undefined;

/**
 * Starts (once per process: at daemon start, or at the first command) a small process that
 * outlives this one: it waits for the end of a pipe only this process holds,
 * which the kernel closes however this process dies (SIGKILL included), and
 * then kills every process a command of this one started. In its own session
 * so a terminal's Ctrl-C or hang-up does not reach it; unreferenced so it
 * never keeps this process alive. Linux only (it reads `/proc`).
 */
export function ensureWatchdog(): void {
  if (watchdog || process.platform !== "linux") return;
  const main = fileURLToPath(
    new URL(`./watchdog-main${extname(import.meta.url)}`, import.meta.url),
  );
  const { [RUN_MARKER]: _own, ...env } = process.env;
  watchdog = spawn(
    process.execPath,
    [
      // Running from the TypeScript sources (tests of this package, the bench).
      ...(main.endsWith(".ts") ? ["--import", "tsx"] : []),
      "--max-old-space-size=16",
      main,
      ownerMarker(),
    ],
    // Unmarked: if another daemon's command started this one, that daemon's
    // sweep kills this process, and then the watchdog still sweeps for it.
    { stdio: ["pipe", "ignore", "ignore"], detached: true, env, cwd: "/" },
  );
  watchdog.on("error", () => {}); // no watchdog: the next start still reaps
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
}
