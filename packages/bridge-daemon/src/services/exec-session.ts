import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type SessionRequest,
  type SessionResponse,
  SessionResponseSchema,
  type TerminalSize,
} from "@ddbridge/proto";
import type { ProcessInput, TerminalSize as Size } from "../exec/runner.js";
import { validateSpec } from "../exec/validate-spec.js";
import { anySignal } from "./any-signal.js";
import { commandEvent } from "./command-event.js";
import { cutOff, type ExecTargets, pickRunner } from "./exec-runners.js";

/** The signals a session may send: those a person at a terminal or a supervisor sends. */
export const SESSION_SIGNALS: ReadonlySet<string> = new Set([
  "SIGINT",
  "SIGTERM",
  "SIGKILL",
  "SIGHUP",
  "SIGQUIT",
  "SIGUSR1",
  "SIGUSR2",
  "SIGWINCH",
]);

/** A terminal larger than this is a mistake or an attack on the engine's buffers. */
const MAX_CELLS = 10_000;

/**
 * `Exec.Session` for any carrier (gRPC and Connect bidi, the browsers'
 * WebSocket): the first request starts the command, the rest feed it. Input
 * is taken one message at a time, only once the command has taken the one
 * before, so a caller that outruns the command is held by its transport's
 * flow control. The stream ends with the command's close, or with why not.
 */
export async function* runSession(
  targets: ExecTargets,
  requests: AsyncIterable<SessionRequest>,
  ends: (AbortSignal | undefined)[],
  onStarted?: () => void,
): AsyncGenerator<SessionResponse> {
  const it = requests[Symbol.asyncIterator]();
  const first = await it.next();
  const start = first.done ? undefined : first.value.event;
  if (start?.case !== "start") {
    throw invalid(
      `the first message of a session must be start, got ${first.done ? "none" : (start?.case ?? "an empty message")}`,
    );
  }
  const run = start.value.run;
  if (!run) throw invalid("start.run is required: the command to run");
  const runner = pickRunner(targets, run.target);
  const spec = validateSpec({ command: run.command, args: run.args, cwd: run.cwd, env: run.env });
  const tty = start.value.tty ? terminalSize(start.value.tty) : undefined;
  // A bad message mid-session ends the command and the call with INVALID_ARGUMENT.
  const refused = new AbortController();
  const { signal, unlink } = anySignal([...ends, refused.signal]);
  let closed = false;
  let feeding = false;
  try {
    for await (const event of runner.run(spec, signal, { ...(tty ? { tty } : {}) })) {
      if (event.kind === "started") {
        onStarted?.();
        if (!event.input) {
          throw new ConnectError("this exec target cannot take input", Code.Unimplemented);
        }
        if (!feeding) {
          feeding = true;
          void feed(it, event.input, refused);
        }
      } else {
        closed = event.kind === "close";
        yield create(SessionResponseSchema, { event: commandEvent(event) });
      }
    }
    if (!closed) throw cutOff(signal);
  } finally {
    unlink();
  }
}

/** Hands the caller's messages to the command, one at a time; the caller's end of stream is end of input. */
async function feed(
  it: AsyncIterator<SessionRequest>,
  input: ProcessInput,
  refused: AbortController,
): Promise<void> {
  // One write in flight and one message read ahead: a resize or a signal
  // behind input the command does not read still acts (as ^C does at a
  // terminal), while input itself waits its turn.
  let writing: Promise<void> = Promise.resolve();
  try {
    for (;;) {
      const next = await it.next();
      if (next.done) {
        await writing;
        return input.end();
      }
      const event = next.value.event;
      switch (event.case) {
        case "input":
          await writing;
          writing = input.write(event.value);
          break;
        case "endInput":
          await writing;
          input.end();
          break;
        case "resize":
          input.resize(terminalSize(event.value));
          break;
        case "signal":
          input.signal(signalOf(event.value));
          break;
        case "start":
          throw invalid("a session has one start message; a second one came");
        default:
          throw invalid("a session message must set one of input, end_input, resize or signal");
      }
    }
  } catch (err) {
    if (err instanceof ConnectError && err.code === Code.InvalidArgument) refused.abort(err);
    // Else the caller's stream broke (it went away): its call's signal ends the command.
  }
}

/** A checked terminal size: each side 1 to 10000 cells. */
export function terminalSize(size: TerminalSize): Size {
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_CELLS;
  if (!ok(size.cols) || !ok(size.rows)) {
    throw invalid(
      `a terminal's cols and rows must be 1 to ${MAX_CELLS}, got ${size.cols}x${size.rows}`,
    );
  }
  return { cols: size.cols, rows: size.rows };
}

function signalOf(name: string): NodeJS.Signals {
  if (!SESSION_SIGNALS.has(name)) {
    throw invalid(`signal must be one of ${[...SESSION_SIGNALS].join(", ")}, got "${name}"`);
  }
  return name as NodeJS.Signals;
}

function invalid(message: string): ConnectError {
  return new ConnectError(message, Code.InvalidArgument);
}
