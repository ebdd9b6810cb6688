import { create, type DescMessage } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import { type Exec, type RunResponse, RunResponseSchema } from "@ddbridge/proto";
import { validateSpec } from "../exec/validate-spec.js";
import type { MessageEncoder } from "../rpc/rpc-handler.js";
import { sendHeadersNow } from "../rpc/send-headers.js";
import { anySignal } from "./any-signal.js";
import { commandEvent } from "./command-event.js";
import { cutOff, type ExecTargets, pickRunner } from "./exec-runners.js";
import { runSession } from "./exec-session.js";
import { encodeRunResponse } from "./exec-wire.js";

/** The hot path's encoder of `Exec.Run`'s output: the payload goes out without a copy. */
export const EXEC_ENCODERS: ReadonlyMap<DescMessage, MessageEncoder> = new Map([
  [RunResponseSchema, encodeRunResponse],
]);

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
          else {
            closed = event.kind === "close";
            yield create(RunResponseSchema, { event: commandEvent(event) });
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

export type { ExecTargets } from "./exec-runners.js";
