import { timingSafeEqual } from "node:crypto";
import { isSessionCredential } from "./session-credential.js";

/** Services callable without the token: health checks only. */
export const PUBLIC_SERVICES: ReadonlySet<string> = new Set(["grpc.health.v1.Health"]);

/** Why an `Authorization` header value is refused, or undefined when it is accepted. */
export type BearerCheck = (given: string | null | undefined) => string | undefined;

/**
 * Checks `Authorization` values against the daemon's token, or a browser's
 * session credential minted under it, in constant time: the interceptor and
 * the header-stage gate give the same answer.
 */
export function bearerCheck(token: string): BearerCheck {
  const expected = Buffer.from(`Bearer ${token}`);
  return (given) => {
    if (given === null || given === undefined) {
      return "missing bearer token: send the header 'authorization: Bearer <token>' (the token is in the daemon's --token-file)";
    }
    const actual = Buffer.from(given);
    if (actual.length === expected.length && timingSafeEqual(actual, expected)) return undefined;
    if (given.startsWith("Bearer ") && isSessionCredential(token, given.slice(7))) return undefined;
    return "invalid bearer token";
  };
}
