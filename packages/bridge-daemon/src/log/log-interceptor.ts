import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { errorCodeOf } from "@ddbridge/client";
import type { Logger } from "./logger.js";

/**
 * Logs one line per RPC when it ends: method, duration and status code. For
 * streaming responses the RPC ends when its last message has been sent.
 */
export function logInterceptor(logger: Logger): Interceptor {
  return (next) => async (req) => {
    const start = performance.now();
    const method = `${req.service.typeName}/${req.method.name}`;
    const done = (err?: unknown) => {
      const fields: Record<string, unknown> = {
        method,
        ms: Math.round((performance.now() - start) * 10) / 10,
        code: err === undefined ? "ok" : errorCodeOf(ConnectError.from(err).code),
      };
      if (err !== undefined) fields.error = ConnectError.from(err).rawMessage;
      (err === undefined ? logger.info : logger.warn)("rpc", fields);
    };
    let res: Awaited<ReturnType<typeof next>>;
    try {
      res = await next(req);
    } catch (err) {
      done(err);
      throw err;
    }
    if (!res.stream) {
      done();
      return res;
    }
    const messages = res.message;
    return {
      ...res,
      message: (async function* () {
        let failure: unknown = new ConnectError("the client went away", Code.Canceled);
        try {
          yield* messages;
          failure = undefined;
        } catch (err) {
          failure = err;
          throw err;
        } finally {
          done(failure);
        }
      })(),
    };
  };
}
