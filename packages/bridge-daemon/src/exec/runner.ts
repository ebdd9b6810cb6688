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

/** A terminal's size in character cells. */
export interface TerminalSize {
  cols: number;
  rows: number;
}

/** How an `Exec.Session` attaches to its command: stdin always, a terminal when `tty` is set. */
export interface Attach {
  tty?: TerminalSize;
}

/**
 * What a session can do to its running command. Nothing here throws once the
 * command has ended: input to it is dropped, as a closed pipe would.
 */
export interface ProcessInput {
  /** Resolves once the command's stdin has taken the bytes: the caller waits, so input is bounded. */
  write(data: Uint8Array): Promise<void>;
  /** Closes stdin (end of file). */
  end(): void;
  resize(size: TerminalSize): void;
  /** Sends a signal to the command's process group. */
  signal(name: NodeJS.Signals): void;
}

/**
 * One event of a running command: `started` once it runs (a runner that
 * cannot tell may leave it out, unless attached, when it is always sent and
 * carries the command's input), output any number of times, then one close.
 */
export type ExecEvent =
  | { kind: "started"; input?: ProcessInput }
  | ({ kind: "output" } & OutputChunk)
  | CloseEvent;

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
  /** With `attach` (`Exec.Session`), the `started` event carries the command's {@link ProcessInput}. */
  run(spec: ExecSpec, signal: AbortSignal, attach?: Attach): AsyncIterable<ExecEvent>;
}
