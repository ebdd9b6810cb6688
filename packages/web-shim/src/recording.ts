/**
 * A recording of a UI's ddClient calls and what they returned, as the
 * @ddbridge/playwright fixture writes it from a real run, for
 * `@ddbridge/web-shim/mock` to replay in unit tests without a daemon.
 */
export interface Recording {
  version: 1;
  calls: RecordedCall[];
}

/** One call: which member, its arguments, and its outcome. */
export interface RecordedCall {
  /** The member called, e.g. "extension.vm.service.get", "extension.host.cli.exec". */
  api: RecordedApi;
  /** The arguments, as JSON; for exec, the options without the stream callbacks. */
  args: unknown[];
  /** What the promise resolved to (an ExecResult's fields, without its methods). */
  result?: unknown;
  /** What the promise rejected with, as plain fields (message, statusCode, code, stderr…). */
  error?: Record<string, unknown>;
  /** A streaming exec's callbacks, in order. */
  stream?: StreamEvent[];
}

/** The methods of `ddClient.extension.vm.service`, recorded and replayed alike. */
export const SERVICE_METHODS = [
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "head",
  "request",
] as const;

/** The members recorded: the backend, the commands and the Docker CLI. */
export type RecordedApi =
  | `extension.vm.service.${(typeof SERVICE_METHODS)[number]}`
  | "extension.vm.cli.exec"
  | "extension.host.cli.exec"
  | "docker.cli.exec"
  | "docker.listContainers"
  | "docker.listImages";

/** One callback of a streaming exec. */
export type StreamEvent =
  | { stdout: string }
  | { stderr: string }
  | { close: number }
  | { error: Record<string, unknown> };

/** An optional argument as it is recorded: absent, or the one value. */
export function optionalArg(value: unknown): unknown[] {
  return value === undefined ? [] : [value];
}

/** What an exec's `env` values become in a recording: the keys are kept, never the values. */
export const REDACTED = "<redacted>";

/**
 * An exec's arguments as they are recorded, and matched on replay: the
 * options without the stream callbacks, keeping only `splitOutputLines`,
 * which shapes the output; `env` values replaced by {@link REDACTED}
 * (tokens and passwords travel there), so replay matches on the keys.
 */
export function execArgs(
  cmd: string,
  args: string[],
  options: ({ stream?: { splitOutputLines?: boolean } } & Record<string, unknown>) | undefined,
): unknown[] {
  if (options === undefined) return [cmd, args];
  const { stream, env, ...rest } = options;
  const kept =
    env && typeof env === "object"
      ? { ...rest, env: Object.fromEntries(Object.keys(env).map((k) => [k, REDACTED])) }
      : rest;
  return [
    cmd,
    args,
    stream ? { ...kept, stream: { splitOutputLines: !!stream.splitOutputLines } } : kept,
  ];
}

/** The window event each recorded call raises when `window.__DDBRIDGE_RECORD__` is true. */
export const CALL_EVENT = "ddbridge:call";

/** The enumerable fields of a rejection, JSON-safe (`message` and `name` included). */
export function plainError(err: unknown): Record<string, unknown> {
  if (typeof err !== "object" || err === null) return { message: String(err) };
  const e = err as Record<string, unknown> & { message?: unknown; name?: unknown };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (typeof v !== "function" && k !== "cause") fields[k] = v;
  }
  if (typeof e.message === "string") fields.message = e.message;
  if (typeof e.name === "string" && e.name !== "Error") fields.name = e.name;
  return JSON.parse(JSON.stringify(fields)) as Record<string, unknown>;
}
