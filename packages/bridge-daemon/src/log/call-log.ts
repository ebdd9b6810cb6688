import { ConnectError } from "@connectrpc/connect";
import { errorCodeOf } from "@ddbridge/proto";
import type { Logger } from "./logger.js";
import { NO_FIELDS, requestFields, responseFields } from "./rpc-fields.js";

/** Sees one call from start to end: the hot path calls it, connect-node's through logInterceptor. */
export interface CallLog {
  request(message: unknown): void;
  response(message: unknown): void;
  end(error: unknown): void;
}

/**
 * The one log line of an RPC: method, what it was about (`rpc-fields.ts`:
 * the backend request and its status, the command and its exit), how it
 * ended and how long it took, so a failing UI test's daemon log says which
 * call went wrong. Both paths write it through this observer.
 */
export function callLog(
  logger: Logger,
): (method: { parent: { typeName: string }; name: string }) => CallLog {
  return (method) => {
    const start = performance.now();
    let about = NO_FIELDS;
    let outcome = NO_FIELDS;
    return {
      request(message) {
        about = requestFields(message);
      },
      response(message) {
        const seen = responseFields(message);
        if (seen !== NO_FIELDS) outcome = seen;
      },
      end(error) {
        writeLine(logger, `${method.parent.typeName}/${method.name}`, about, outcome, start, error);
      },
    };
  };
}

function writeLine(
  logger: Logger,
  method: string,
  about: Readonly<Record<string, unknown>>,
  outcome: Readonly<Record<string, unknown>>,
  start: number,
  err: unknown,
) {
  const fields: Record<string, unknown> = {
    method,
    ...about,
    ...outcome,
    ms: Math.round((performance.now() - start) * 10) / 10,
    code: err === undefined ? "ok" : errorCodeOf(ConnectError.from(err).code),
  };
  if (err !== undefined) fields.error = ConnectError.from(err).rawMessage;
  (err === undefined ? logger.info : logger.warn)("rpc", fields);
}
