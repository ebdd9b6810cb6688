import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { bearerCheck, PUBLIC_SERVICES } from "./bearer-check.js";

/**
 * Requires `Authorization: Bearer <token>` on every RPC but health checks.
 * Exec is remote code execution: nothing else may run unauthenticated.
 */
export function authInterceptor(token: string): Interceptor {
  const check = bearerCheck(token);
  return (next) => async (req) => {
    if (PUBLIC_SERVICES.has(req.service.typeName)) return next(req);
    const problem = check(req.header.get("authorization"));
    if (problem) throw new ConnectError(problem, Code.Unauthenticated);
    return next(req);
  };
}
