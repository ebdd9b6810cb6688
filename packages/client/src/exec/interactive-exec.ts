import { create, type MessageInitShape } from "@bufbuild/protobuf";
import type { CallOptions } from "@connectrpc/connect";
import {
  ErrorCode,
  type RunRequestSchema,
  type SessionRequest,
  SessionRequestSchema,
  type SessionResponse,
} from "@ddbridge/proto";
import type { v1 } from "@docker/extension-api-client-types";
import { BridgeError } from "../bridge-error.js";
import { messageQueue } from "../message-queue.js";
import { followOutput } from "./follow-output.js";

/** Input larger than this goes as several messages. */
const MAX_INPUT_MESSAGE = 1024 * 1024;

/**
 * Opens one `Exec.Session`: requests go out as they are yielded, responses
 * come back. Connect's bidi `client.session` is one (Node, HTTP/2); the web
 * shim's WebSocket carrier is another (browsers cannot stream a request).
 */
export type SessionOpener = (
  requests: AsyncIterable<SessionRequest>,
  options: CallOptions,
) => AsyncIterable<SessionResponse>;

/** A terminal's size in character cells. */
export interface TtySize {
  cols: number;
  rows: number;
}

/**
 * What `exec` returns with `stdin: true` or `tty`: Docker Desktop's
 * `ExecProcess`, plus the command's input. Beyond Docker Desktop's API.
 */
export interface InteractiveProcess extends v1.ExecProcess {
  /** Queues bytes (strings as UTF-8) for the command's stdin; throws once the command has ended. */
  write(data: string | Uint8Array): void;
  /** Closes stdin (end of file; at a terminal, ^D). */
  end(): void;
  /** Sets the terminal's size (TTY sessions). */
  resize(cols: number, rows: number): void;
  /** Sends a signal (SIGINT, SIGTERM, SIGKILL, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH) to the command's group. */
  signal(name: string): void;
}

/**
 * Runs a command the caller talks to over `open`: the ddClient stream
 * callbacks as for `exec(..., { stream })`, and input, resize and signals
 * through the returned process, in the order they were called.
 */
export function interactiveExec(
  open: SessionOpener,
  run: MessageInitShape<typeof RunRequestSchema>,
  tty: TtySize | undefined,
  cb: v1.ExecStreamOptions,
  opts: CallOptions,
): InteractiveProcess {
  const requests = messageQueue<SessionRequest>();
  requests.push(
    create(SessionRequestSchema, {
      event: { case: "start", value: { run, ...(tty ? { tty: checkedSize(tty) } : {}) } },
    }),
  );
  const command = [run.command, ...(run.args ?? [])].join(" ");
  const following = followOutput(
    (signal) => open(requests, { ...opts, signal }),
    cb,
    command,
    opts.signal,
  );
  void following.ended.finally(() => requests.end());
  const checkOpen = () => {
    if (following.done() || requests.ended) {
      throw new BridgeError(
        `${command} has ended: it takes no more input`,
        ErrorCode.FailedPrecondition,
      );
    }
  };
  const send = (event: MessageInitShape<typeof SessionRequestSchema>["event"]) => {
    checkOpen();
    requests.push(create(SessionRequestSchema, { event }));
  };
  const encoder = new TextEncoder();
  return {
    write(data) {
      const bytes = typeof data === "string" ? encoder.encode(data) : data;
      checkOpen();
      // Messages stay well under every carrier's limit (gRPC's 4 MiB, the WebSocket's frames).
      for (let at = 0; at < bytes.byteLength; at += MAX_INPUT_MESSAGE) {
        send({ case: "input", value: bytes.subarray(at, at + MAX_INPUT_MESSAGE) });
      }
    },
    end() {
      send({ case: "endInput", value: {} });
    },
    resize(cols, rows) {
      send({ case: "resize", value: checkedSize({ cols, rows }) });
    },
    signal(name) {
      send({ case: "signal", value: name });
    },
    close: following.close,
  };
}

function checkedSize(size: TtySize): TtySize {
  const cols = Math.floor(size.cols);
  const rows = Math.floor(size.rows);
  if (!(cols >= 1 && rows >= 1)) {
    throw new BridgeError(
      `a terminal needs at least 1 column and 1 row, got ${size.cols}x${size.rows}`,
      ErrorCode.InvalidArgument,
    );
  }
  return { cols, rows };
}
