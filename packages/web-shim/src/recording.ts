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

/** The members recorded: the backend, the commands and the Docker CLI. */
export const RECORDED_APIS = [
  "extension.vm.service.get",
  "extension.vm.service.post",
  "extension.vm.service.put",
  "extension.vm.service.patch",
  "extension.vm.service.delete",
  "extension.vm.service.head",
  "extension.vm.service.request",
  "extension.vm.cli.exec",
  "extension.host.cli.exec",
  "docker.cli.exec",
  "docker.listContainers",
  "docker.listImages",
] as const;

export type RecordedApi = (typeof RECORDED_APIS)[number];

/** One callback of a streaming exec. */
export type StreamEvent =
  | { stdout: string }
  | { stderr: string }
  | { close: number }
  | { error: Record<string, unknown> };

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
