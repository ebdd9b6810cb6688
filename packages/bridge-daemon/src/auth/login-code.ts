import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const PREFIX = "c1.";

/** How long a login link works if nobody opens it: long enough to click what `serve` printed. */
export const LOGIN_CODE_TTL_MS = 15 * 60_000;

/**
 * A single-use code for the UI's address (`#ddbridge-code=`) in place of the
 * token: a browser stores the address it opened in its history and session
 * files (and syncs it where sync is on), so what it stores must be spent by
 * the time it is written. Made from the token alone, so `ddbridge url` can
 * mint one without asking the daemon.
 */
export function mintLoginCode(token: string, now = Date.now()): string {
  const expiry = Math.ceil((now + LOGIN_CODE_TTL_MS) / 1000).toString(36);
  const nonce = randomBytes(16).toString("base64url");
  return `${PREFIX}${expiry}.${nonce}.${mac(token, expiry, nonce).toString("base64url")}`;
}

/** Redeems login codes once each: the result is the code's problem, or undefined when it is good. */
export type CodeRedeemer = (code: string, now?: number) => string | undefined;

/**
 * Checks codes against `token` and remembers each one spent until it would
 * have expired anyway (a daemon restarted within that time forgets them).
 */
export function createCodeRedeemer(token: string): CodeRedeemer {
  const spent = new Map<string, number>();
  return (code, now = Date.now()) => {
    for (const [nonce, expiresAt] of spent) if (expiresAt <= now) spent.delete(nonce);
    if (!code.startsWith(PREFIX)) return "not a ddbridge login code";
    const [expiry, nonce, sig, ...rest] = code.slice(PREFIX.length).split(".");
    if (!expiry || !nonce || !sig || rest.length > 0) return "not a ddbridge login code";
    const actual = Buffer.from(sig, "base64url");
    const expected = mac(token, expiry, nonce);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      return "this login link was made for another token";
    }
    const expiresAt = Number.parseInt(expiry, 36) * 1000;
    if (!(expiresAt > now)) return "this login link has expired";
    if (spent.has(nonce)) return "this login link was already used";
    spent.set(nonce, expiresAt);
    return undefined;
  };
}

function mac(token: string, expiry: string, nonce: string): Buffer {
  return createHmac("sha256", token)
    .update(`ddbridge login code\0${expiry}.${nonce}`)
    .digest()
    .subarray(0, 16);
}
