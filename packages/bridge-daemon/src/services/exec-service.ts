import { create, type DescMessage } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  type Exec,
  OutputStream,
  type RunResponse,
  RunResponseSchema,
  Target,
} from "@ddbridge/proto";
import { dockerOff } from "../engine/engine.js";
import type { ExecRunner } from "../exec/runner.js";
import { validateSpec } from "../exec/validate-spec.js";
import type { MessageEncoder } from "../rpc/rpc-handler.js";
import { sendHeadersNow } from "../rpc/send-headers.js";
import { runSession } from "./exec-session.js";
import { encodeRunResponse } from "./exec-wire.js";

/** The runners of each exec target; a missing one is "not available here". */
/** The hot path's encoder of `Exec.Run`'s output: the payload goes out without a copy. */
export const EXEC_ENCODERS: ReadonlyMap<DescMessage, MessageEncoder> = new Map([
  [RunResponseSchema, encodeRunResponse],
]);

export interface ExecTargets {
  vm?: ExecRunner;
  host?: ExecRunner;
  /** The Docker CLI (`ddClient.docker.cli.exec`). */
  docker?: ExecRunner;
}

/** Implements `ddbridge.v1.Exec` over the configured runners. */
export function createExecService(
  targets: ExecTargets,
  stopping?: AbortSignal,
): ServiceImpl<typeof Exec> {
  return {
    session(requests, ctx) {
      return runSession(targets, requests, [ctx.signal, stopping], () => sendHeadersNow(ctx));
    },
    async *run(req, ctx): AsyncGenerator<RunResponse> {
      const runner = pickRunner(targets, req.target);
      const spec = validateSpec({
        command: req.command,
        args: req.args,
        cwd: req.cwd,
        env: req.env,
      });
      // The daemon ends commands at once when it shuts down, before the grace
      // period other calls get.
      const { signal, unlink } = anySignal([ctx.signal, stopping]);
      const events = runner.run(spec, signal);
      let closed = false;
      try {
        for await (const event of events) {
          if (event.kind === "started") sendHeadersNow(ctx);
          else if (event.kind === "output") {
            yield create(RunResponseSchema, {
              event: {
                case: "output",
                value: {
                  stream: event.stream === "stdout" ? OutputStream.STDOUT : OutputStream.STDERR,
                  data: event.data,
                },
              },
            });
          } else {
            closed = true;
            yield create(RunResponseSchema, {
              event: {
                case: "close",
                value: { exitCode: event.exitCode, signal: event.signal ?? "" },
              },
            });
          }
        }
        // Cut off before its Close (a deadline, the daemon shutting down, the
        // client gone): the runner has ended the process; the stream must end
        // with why, never with OK, so a client cannot take it for a clean end.
        if (!closed) throw cutOff(signal);
      } finally {
        unlink();
      }
    },
  };
}

/** The runner of `target`, or the error that says why there is none. */
export function pickRunner(targets: ExecTargets, target: Target): ExecRunner {
  switch (target) {
    case Target.VM:
      if (targets.vm) return targets.vm;
      throw new ConnectError(
        "the VM exec target is not available on this daemon",
        Code.FailedPrecondition,
      );
    case Target.HOST:
      if (targets.host) return targets.host;
      throw new ConnectError(
        "the host exec target is not available: the extension ships no host binaries (--host-bin)",
        Code.FailedPrecondition,
      );
    case Target.DOCKER:
      if (targets.docker) return targets.docker;
      throw dockerOff();
    default:
      throw new ConnectError(
        `target must be TARGET_VM, TARGET_HOST or TARGET_DOCKER, got ${target}`,
        Code.InvalidArgument,
      );
  }
}

/** Why a command's stream ended without its close: never a clean end. */
export function cutOff(signal: AbortSignal): ConnectError {
  const reason: unknown = signal.reason;
  if (reason instanceof ConnectError) return reason;
  return new ConnectError(
    signal.aborted ? "the command was cut off" : "the command ended without an exit status",
    signal.aborted ? Code.Canceled : Code.Internal,
  );
}

/**
 * One signal for "the call ended, or the daemon stops, or ...", and a way to
 * drop the listeners from long-lived sources when the call is over.
 * `AbortSignal.any` is not used: in Node 20 a long-lived source keeps every
 * signal made from it alive, so memory grows with every call ever made.
 */
export function anySignal(sources: (AbortSignal | undefined)[]) {
  const either = new AbortController();
  const unlinks: (() => void)[] = [];
  for (const source of sources) {
    if (!source) continue;
    if (source.aborted) {
      either.abort(source.reason);
      break;
    }
    const onAbort = () => either.abort(source.reason);
    source.addEventListener("abort", onAbort, { once: true });
    unlinks.push(() => source.removeEventListener("abort", onAbort));
  }
  return {
    signal: either.signal,
    unlink() {
      for (const u of unlinks) u();
    },
  };
}
