import type { MessageInitShape } from "@bufbuild/protobuf";
import { OutputStream, type RunResponseSchema } from "@ddbridge/proto";
import type { ExecEvent } from "../exec/runner.js";

/** The event oneof of `RunResponse`; `SessionResponse` has the same fields and numbers. */
export type CommandEventInit = MessageInitShape<typeof RunResponseSchema>["event"];

/** A runner's output or close as the oneof `Exec.Run` and `Exec.Session` both send. */
export function commandEvent(event: Exclude<ExecEvent, { kind: "started" }>): CommandEventInit {
  if (event.kind === "output") {
    return {
      case: "output",
      value: {
        stream: event.stream === "stdout" ? OutputStream.STDOUT : OutputStream.STDERR,
        data: event.data,
      },
    };
  }
  return { case: "close", value: { exitCode: event.exitCode, signal: event.signal ?? "" } };
}
