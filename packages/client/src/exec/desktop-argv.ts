import { ErrorCode, splitCmdline } from "@ddbridge/proto";
import { BridgeError } from "../bridge-error.js";

/** A buffered exec (a Promise of an ExecResult) or a streaming one (`options.stream`). */
export type ExecMode = "buffered" | "stream";

/**
 * Turns a ddClient `exec(cmd, args)` into the argv Docker Desktop runs.
 * Buffered: Desktop joins `cmd` and `args` with spaces and a shell reads the
 * line, so the SDK's `'"{{ json . }}"'`, a quoted `source="…"` inside a
 * `--mount` value and a whole command line passed as one argument all work
 * there; ddbridge splits the joined line as a shell splits words, without
 * expanding anything. Stream: argv as given, quotes and all
 * (docker/extensions-sdk#303). Evidence per rule: docs/ddclient-behaviour.md §3.
 */
export function desktopArgv(
  cmd: string,
  args: readonly string[],
  mode: ExecMode,
): { command: string; args: string[] } {
  if (mode === "stream") return { command: cmd, args: [...args] };
  let words: string[];
  try {
    words = splitCmdline([cmd, ...args].join(" "));
  } catch (err) {
    throw new BridgeError((err as Error).message, ErrorCode.InvalidArgument);
  }
  const [command, ...rest] = words;
  if (command === undefined || command === "") {
    throw new BridgeError(
      `empty command: exec(${JSON.stringify(cmd)}, …) names nothing to run`,
      ErrorCode.InvalidArgument,
    );
  }
  return { command, args: rest };
}
