import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { callLog } from "./call-log.js";
import type { Logger } from "./logger.js";

/**
 * The call log for connect-node's calls: the same observer as the hot
 * path's (`callLog`), fed from an interceptor, so both paths write one line
 * per RPC by one rule. For streaming responses the RPC ends when its last
 * message has been sent.
 */
export function logInterceptor(logger: Logger): Interceptor {
  const observe = callLog(logger);
  return (next) => async (req) => {
    const call = observe(req.method);
    if (req.stream) {
      // A server-streaming call's one request message arrives through an iterable.
      const input = req.message;
      req = {
        ...req,
        message: (async function* () {
          for await (const m of input) {
            call.request(m);
            yield m;
          }
        })(),
      };
    } else call.request(req.message);
    let res: Awaited<ReturnType<typeof next>>;
    try {
      res = await next(req);
    } catch (err) {
      call.end(err);
      throw err;
    }
    if (!res.stream) {
      call.response(res.message);
      call.end(undefined);
      return res;
    }
    const messages = res.message;
    return {
      ...res,
      message: (async function* () {
        let failure: unknown = new ConnectError("the client went away", Code.Canceled);
        try {
          for await (const m of messages) {
            call.response(m);
            yield m;
          }
          failure = undefined;
        } catch (err) {
          failure = err;
          throw err;
        } finally {
          call.end(failure);
        }
      })(),
    };
  };
}
