/** What both functions return for a message that says nothing: one shared object, no garbage per chunk. */
export const NO_FIELDS: Readonly<Record<string, unknown>> = Object.freeze({});

/**
 * What an RPC was about, for its log line: the backend request of
 * `HttpService` calls (method and path, without the query, which may carry
 * secrets), the command of `Exec.Run` (without arguments, for the same
 * reason). Read structurally, so this stays below the services that define
 * the messages.
 */
export function requestFields(message: unknown): Readonly<Record<string, unknown>> {
  const m = message as { method?: unknown; path?: unknown; command?: unknown };
  if (typeof m?.path === "string" && typeof m.method === "string") {
    return { request: `${m.method || "GET"} ${m.path.split("?")[0]}` };
  }
  if (typeof m?.command === "string") return { command: m.command };
  return NO_FIELDS;
}

/**
 * What came back, from one response message: the backend's HTTP status (a
 * unary `Call`'s response, or a `CallStream`'s head) or an exec's exit (its
 * `Close`). Empty for every other message.
 */
export function responseFields(message: unknown): Readonly<Record<string, unknown>> {
  const m = message as {
    status?: unknown;
    part?: { case?: string; value?: { status?: unknown } };
    event?: { case?: string; value?: { exitCode?: unknown; signal?: unknown } };
  };
  if (typeof m?.status === "number") return { status: m.status };
  if (m?.part?.case === "head") return { status: m.part.value?.status };
  if (m?.event?.case === "close") {
    const { exitCode, signal } = m.event.value ?? {};
    return signal ? { signal } : { exitCode };
  }
  return NO_FIELDS;
}
