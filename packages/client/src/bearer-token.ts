import type { Interceptor } from "@connectrpc/connect";

/**
 * A Connect interceptor that sends `Authorization: Bearer <token>` on every
 * call: what the daemon asks of every RPC but health checks. Works with any
 * Connect transport, in Node and in browsers.
 */
export function bearerToken(token: string): Interceptor {
  return (next) => (req) => {
    req.header.set("authorization", `Bearer ${token}`);
    return next(req);
  };
}
