import { type ChildProcess, spawn } from "node:child_process";
import { stat } from "node:fs/promises";
import { constants } from "node:os";
import { Code, ConnectError } from "@connectrpc/connect";
import { mergeOutput } from "./output-queue.js";
import type { ExecEvent } from "./runner.js";

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
 * gone) sends SIGTERM to the whole group, then SIGKILL after the grace period.
 */
export async function* spawnProcess(
  spec: SpawnSpec,
  signal: AbortSignal,
): AsyncGenerator<ExecEvent> {
  await assertDirectory(spec.cwd);
  signal.throwIfAborted();
  const child = spawn(spec.file, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    shell: false,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    windowsHide: true,
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("close", (code, sig) => resolve({ code, signal: sig })),
  );
  await started(child, spec.file);

  let killTimer: NodeJS.Timeout | undefined;
  const kill = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signalGroup(child, "SIGTERM");
    killTimer = setTimeout(() => signalGroup(child, "SIGKILL"), spec.killGraceMs);
    killTimer.unref();
    // Nobody reads the output any more: let the pipes drain so "close" fires.
    child.stdout?.resume();
    child.stderr?.resume();
  };
  signal.addEventListener("abort", kill, { once: true });
  // Aborted while the process was starting: the listener came too late to hear it.
  if (signal.aborted) kill();
  try {
    for await (const chunk of mergeOutput({ stdout: child.stdout, stderr: child.stderr })) {
      if (signal.aborted) break;
      yield { kind: "output", ...chunk };
    }
    const result = await closed;
    if (signal.aborted) return;
    if (result.signal) {
      const number = constants.signals[result.signal] ?? 0;
      yield { kind: "close", exitCode: 128 + number, signal: result.signal };
    } else {
      yield { kind: "close", exitCode: result.code ?? 0 };
    }
  } finally {
    signal.removeEventListener("abort", kill);
    // The consumer may stop early (cancel, error): the process must not outlive it.
    kill();
    await closed;
    // Leftovers of the group (children that ignored TERM) get KILL now.
    signalGroup(child, "SIGKILL");
    clearTimeout(killTimer);
  }
}

function signalGroup(child: ChildProcess, sig: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, sig);
  } catch {
    // ESRCH: the group is already gone.
  }
}

async function assertDirectory(cwd: string) {
  const info = await stat(cwd).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new ConnectError(`working directory ${cwd} does not exist`, Code.InvalidArgument);
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
export function spawnError(err: NodeJS.ErrnoException, file: string): ConnectError {
  switch (err.code) {
    case "ENOENT":
      return new ConnectError(`command not found: ${file}`, Code.NotFound);
    case "EACCES":
    case "EPERM":
      return new ConnectError(`command cannot be executed: ${file}`, Code.PermissionDenied);
    case "ENOEXEC":
      return new ConnectError(`not an executable format: ${file}`, Code.FailedPrecondition);
    default:
      return new ConnectError(`cannot start ${file}: ${err.message}`, Code.Internal);
  }
}
