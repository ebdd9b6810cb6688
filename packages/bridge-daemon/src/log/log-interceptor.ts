import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { writeLine } from "./call-log.js";
import type { Logger } from "./logger.js";
import { NO_FIELDS, requestFields, responseFields } from "./rpc-fields.js";

/**
 * Logs one line per RPC when it ends: method, duration and status code, and
 * what it was about (`rpc-fields.ts`: the backend request and its status, the
 * command and its exit), so a failing UI test's daemon log says which call
 * went wrong. For streaming responses the RPC ends when its last message has
 * been sent.
 */
export function logInterceptor(logger: Logger): Interceptor {
  return (next) => async (req) => {
    const start = performance.now();
    const method = `${req.service.typeName}/${req.method.name}`;
    let about = req.stream ? NO_FIELDS : requestFields(req.message);
    let outcome: Readonly<Record<string, unknown>> = NO_FIELDS;
    const done = (err?: unknown) => writeLine(logger, method, about, outcome, start, err);
    if (req.stream) {
      // A server-streaming call's one request message arrives through an iterable.
      const input = req.message;
      req = {
        ...req,
        message: (async function* () {
          for await (const m of input) {
            about = requestFields(m);
            yield m;
          }
        })(),
      };
    }
    let res: Awaited<ReturnType<typeof next>>;
    try {
      res = await next(req);
    } catch (err) {
      done(err);
      throw err;
    }
    if (!res.stream) {
      outcome = responseFields(res.message);
      done();
      return res;
    }
    const messages = res.message;
    return {
      ...res,
      message: (async function* () {
        let failure: unknown = new ConnectError("the client went away", Code.Canceled);
        try {
          for await (const m of messages) {
            const seen = responseFields(m);
            if (seen !== NO_FIELDS) outcome = seen;
            yield m;
          }
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
