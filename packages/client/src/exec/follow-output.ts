import { ErrorCode, OutputStream, type RunResponse } from "@ddbridge/proto";
import type { v1 } from "@docker/extension-api-client-types";
import { BridgeError, toBridgeError } from "../bridge-error.js";
import { execFailure } from "./exec-failure.js";
import { createOutputDecoder } from "./output-decoder.js";

/** A command's events as `Exec.Run` and `Exec.Session` both send them. */
export type CommandEvents = AsyncIterable<{ event: RunResponse["event"] }>;

/** A followed command: whether it has ended for the caller, and how the caller ends it. */
export interface Following {
  /** True once a terminal callback ran or {@link Following.close} was called. */
  done(): boolean;
  /** The caller's `close()`: the call is cancelled, and nothing more reaches the callbacks. */
  close(): void;
  /** Settles when the events end, whatever way. */
  ended: Promise<void>;
}

/**
 * Makes the call (`call(signal)`: `Exec.Run` or `Exec.Session`) and feeds its
 * events to ddClient's stream callbacks: output decoded (and split into lines
 * when asked), then exactly one of `onClose(exitCode)` or `onError` (killed by
 * a signal, cut off, refused), and nothing after it. `callerSignal` ends the
 * command as `close()` does, but reports it through `onError`.
 */
export function followOutput(
  call: (signal: AbortSignal) => CommandEvents,
  cb: v1.ExecStreamOptions,
  command: string,
  callerSignal?: AbortSignal,
): Following {
  const abort = new AbortController();
  const onCallerAbort = () => abort.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  let done = false;
  const decoder = createOutputDecoder(cb.splitOutputLines === true, (s, text) => {
    if (!done) cb.onOutput?.(s === "stdout" ? { stdout: text } : { stderr: text });
  });
  const finish = (fn: () => void) => {
    if (done) return;
    done = true;
    fn();
  };
  const ended = (async () => {
    try {
      for await (const res of call(abort.signal)) {
        if (done) return;
        if (res.event.case === "output") {
          decoder.write(
            res.event.value.stream === OutputStream.STDERR ? "stderr" : "stdout",
            res.event.value.data,
          );
        } else if (res.event.case === "close") {
          decoder.flush();
          const { exitCode, signal } = res.event.value;
          if (signal) {
            finish(() =>
              cb.onError?.(
                new BridgeError(`${command} was killed by ${signal}`, ErrorCode.Aborted),
              ),
            );
          } else {
            finish(() => cb.onClose?.(exitCode));
          }
          return;
        }
      }
      finish(() =>
        cb.onError?.(
          new BridgeError("the command's stream ended without an exit status", ErrorCode.DataLoss),
        ),
      );
    } catch (err) {
      finish(() => cb.onError?.(execFailure(toBridgeError(err), command)));
    } finally {
      // A long-lived signal (one per client) must not collect a listener per command.
      callerSignal?.removeEventListener("abort", onCallerAbort);
    }
  })();
  return {
    done: () => done,
    close() {
      if (done) return;
      done = true;
      abort.abort();
    },
    ended,
  };
}
