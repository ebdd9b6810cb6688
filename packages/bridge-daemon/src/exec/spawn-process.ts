import { type ChildProcess, spawn } from "node:child_process";
import { isDirectory } from "../fs/is-directory.js";
import { signalGroup, terminateGroup } from "../process/signal-group.js";
import { closeOfProcess } from "./exit-status.js";
import { killMarkedOf } from "./marked-processes.js";
import { ensureWatchdog } from "./orphan-watchdog.js";
import { mergeOutput } from "./output-queue.js";
import { newRunMarker, RUN_MARKER } from "./run-marker.js";
import type { ExecEvent } from "./runner.js";
import { startErrors } from "./start-errors.js";
import { streamInput } from "./stream-input.js";

/** How to start a child process. */
export interface SpawnSpec {
  /** The program (a path, or a name looked up on `env.PATH`). */
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Time between SIGTERM and SIGKILL when the process is cancelled. */
  killGraceMs: number;
}

/**
 * Spawns a process without a shell in its own process group and streams its
 * output, then its exit. Aborting `signal` (cancellation, deadline, client
 * gone) sends SIGTERM to the whole group, then SIGKILL after the grace period,
 * and then SIGKILL to anything else that carries the command's run marker.
 */
export async function* spawnProcess(
  spec: SpawnSpec,
  signal: AbortSignal,
  withStdin = false,
): AsyncGenerator<ExecEvent> {
  if (!(await isDirectory(spec.cwd))) throw startErrors.noWorkdir(spec.cwd);
  signal.throwIfAborted();
  ensureWatchdog();
  // Set last: a caller cannot pick another command's marker, or none.
  const marker = newRunMarker();
  let child: ChildProcess;
  try {
    child = spawn(spec.file, spec.args, {
      cwd: spec.cwd,
      env: { ...spec.env, [RUN_MARKER]: marker },
      shell: false,
      detached: true,
      stdio: [withStdin ? "pipe" : "ignore", "pipe", "pipe"],
      windowsHide: true,
    });
  } catch (err) {
    // Some refusals (E2BIG) are thrown at once rather than emitted as "error".
    throw spawnError(err as NodeJS.ErrnoException, spec.file);
  }
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, sig) => resolve({ code, signal: sig })),
  );
  await started(child, spec.file);
  const pid = child.pid!;

  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let finished = false;
  void closed.then(() => {
    finished = true;
  });
  let ending: Promise<void> | undefined;
  // Cancelled, or the consumer stopped before the end: the group gets TERM,
  // then KILL; then whatever carries the command's marker (it left the group
  // with setsid, or daemonized) gets KILL; then the pipes are let go, since
  // what still holds them cannot be ours.
  const end = () => {
    ending ??= (async () => {
      child.stdout?.resume();
      child.stderr?.resume();
      if (child.exitCode === null && child.signalCode === null) {
        await terminateGroup(pid, spec.killGraceMs, exited);
      } else signalGroup(pid, "SIGKILL");
      await killMarkedOf(marker);
      child.stdin?.destroy();
      child.stdout?.destroy();
      child.stderr?.destroy();
    })();
    return ending;
  };
  const onAbort = () => void end();
  signal.addEventListener("abort", onAbort, { once: true });
  // Aborted while the process was starting: the listener came too late to hear it.
  if (signal.aborted) onAbort();
  try {
    yield child.stdin
      ? {
          kind: "started",
          input: streamInput(child.stdin, { signal: (name) => signalGroup(pid, name) }),
        }
      : { kind: "started" };
    for await (const chunk of mergeOutput({ stdout: child.stdout, stderr: child.stderr })) {
      if (signal.aborted) break;
      yield { kind: "output", ...chunk };
    }
    const result = await closed;
    if (signal.aborted) return;
    yield closeOfProcess(result.code, result.signal);
  } finally {
    signal.removeEventListener("abort", onAbort);
    // The consumer may stop early (cancel, error): the process must not outlive it.
    if (!finished) await end();
    await closed;
    // Leftovers of the group (children that ignored TERM) get KILL now.
    signalGroup(pid, "SIGKILL");
    child.stdin?.destroy();
  }
}

function started(child: ChildProcess, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onSpawn = () => {
      child.off("error", onError);
      resolve();
    };
    const onError = (err: NodeJS.ErrnoException) => {
      child.off("spawn", onSpawn);
      reject(spawnError(err, file));
    };
    child.once("spawn", onSpawn);
    child.once("error", onError);
  });
}

/** Maps a failed spawn to the gRPC code a caller can act on. */
export function spawnError(err: NodeJS.ErrnoException, file: string) {
  switch (err.code) {
    case "ENOENT":
      return startErrors.notFound(file);
    case "EACCES":
    case "EPERM":
      return startErrors.notExecutable(file);
    case "ENOEXEC":
      return startErrors.badFormat(file);
    case "E2BIG":
      return startErrors.tooLong(file);
    default:
      return startErrors.other(file, err.message);
  }
}
