import { timingSafeEqual } from "node:crypto";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";

/** Services callable without the token: health checks only. */
const PUBLIC_SERVICES = new Set(["grpc.health.v1.Health"]);

/**
 * Requires `Authorization: Bearer <token>` on every RPC but health checks.
 * Exec is remote code execution: nothing else may run unauthenticated.
 */
export function authInterceptor(token: string): Interceptor {
  const expected = Buffer.from(`Bearer ${token}`);
  return (next) => async (req) => {
    if (PUBLIC_SERVICES.has(req.service.typeName)) return next(req);
    const given = req.header.get("authorization");
    if (given === null) {
      throw new ConnectError(
        "missing bearer token: send the header 'authorization: Bearer <token>' (the token is in the daemon's --token-file)",
        Code.Unauthenticated,
      );
    }
    const actual = Buffer.from(given);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      throw new ConnectError("invalid bearer token", Code.Unauthenticated);
    }
    return next(req);
  };
}
