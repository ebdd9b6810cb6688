import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const PREFIX = "s1.";

/**
 * A browser's credential, given in exchange for a login code: an HMAC of a
 * random id under the daemon's token. It is as good as the token while the
 * token stays the same (a new token ends every session), but it is not the
 * token: what a browser keeps in its profile cannot be used to mint login
 * links, and `ddbridge` never prints it.
 */
export function mintSessionCredential(token: string): string {
  const id = randomBytes(16).toString("base64url");
  return `${PREFIX}${id}.${mac(token, id).toString("base64url")}`;
}

/** Whether `given` is a session credential minted under `token`, in constant time. */
export function isSessionCredential(token: string, given: string): boolean {
  if (!given.startsWith(PREFIX)) return false;
  const [id, sig, ...rest] = given.slice(PREFIX.length).split(".");
  if (!id || !sig || rest.length > 0) return false;
  const actual = Buffer.from(sig, "base64url");
  const expected = mac(token, id);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

function mac(token: string, id: string): Buffer {
  return createHmac("sha256", token).update(`ddbridge session\0${id}`).digest();
}
