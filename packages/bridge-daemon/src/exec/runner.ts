import type { OutputChunk } from "./output-queue.js";

/** What to run: never through a shell, arguments passed as they are. */
export interface ExecSpec {
  command: string;
  args: string[];
  /** Working directory; empty means the runner's default. Relative resolves against it. */
  cwd: string;
  /** Variables added to (or replacing) the runner's environment. */
  env: Record<string, string>;
}

/** The last event of a command: its exit code, and the signal that killed it, if one did. */
export interface CloseEvent {
  kind: "close";
  exitCode: number;
  signal?: string;
}

/**
 * One event of a running command: `started` once it runs (a runner that
 * cannot tell may leave it out), output any number of times, then one close.
 */
export type ExecEvent = { kind: "started" } | ({ kind: "output" } & OutputChunk) | CloseEvent;

/**
 * Runs commands for one exec target: a process on the host (host binaries,
 * the local VM stand-in, the docker CLI) or an exec in the backend container.
 * Whatever the runner, aborting `signal` must end the process (and what it
 * started), and events must stop soon after.
 *
 * Specs arrive checked by {@link validateSpec}. `run` throws a `ConnectError`
 * (NOT_FOUND, PERMISSION_DENIED, ...) when the command cannot start; once it
 * has yielded, the command has started.
 */
export interface ExecRunner {
  run(spec: ExecSpec, signal: AbortSignal): AsyncIterable<ExecEvent>;
}
