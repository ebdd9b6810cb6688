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

/** One event of a running command: output any number of times, then one close. */
export type ExecEvent =
  | ({ kind: "output" } & OutputChunk)
  | { kind: "close"; exitCode: number; signal?: string };

/**
 * Runs commands for one exec target. The local and host runners spawn
 * processes here; a Docker runner execs in the backend container. Whatever the
 * runner, aborting `signal` must end the process (and what it started), and
 * events must stop soon after.
 *
 * `run` throws a `ConnectError` (NOT_FOUND, PERMISSION_DENIED, ...) when the
 * command cannot start; once it has yielded, the command has started.
 */
export interface ExecRunner {
  run(spec: ExecSpec, signal: AbortSignal): AsyncIterable<ExecEvent>;
}
