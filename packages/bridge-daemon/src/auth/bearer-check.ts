import { timingSafeEqual } from "node:crypto";

/** Services callable without the token: health checks only. */
export const PUBLIC_SERVICES: ReadonlySet<string> = new Set(["grpc.health.v1.Health"]);

/**
 * Checks an `Authorization` header value against the daemon's token, in
 * constant time. Returns why it is refused, or undefined when it is accepted:
 * the interceptor and the header-stage gate give the same answer.
 */
export function bearerProblem(expected: Buffer, given: string | null | undefined) {
  if (given === null || given === undefined) {
    return "missing bearer token: send the header 'authorization: Bearer <token>' (the token is in the daemon's --token-file)";
  }
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
    return "invalid bearer token";
  }
  return undefined;
}

/** The header value a token is sent as. */
export function bearerHeader(token: string): Buffer {
  return Buffer.from(`Bearer ${token}`);
}
