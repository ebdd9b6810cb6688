/** The first bytes an HTTP/2 client sends with prior knowledge (RFC 9113 §3.4). */
export const H2_PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

/** What a connection's first bytes say it speaks. */
export type FirstBytes = "h2" | "h1" | "tls" | "garbage" | "undecided";

/**
 * Classifies a cleartext connection by its first bytes: the HTTP/2 preface
 * (h2c), an HTTP/1.1 request line (it starts with a method, which is letters),
 * a TLS handshake record (0x16 0x03: an https:// URL or grpcurl without
 * -plaintext), or anything else, which no HTTP request can begin with.
 * "undecided" while the bytes so far are a proper prefix of the preface.
 */
export function classifyFirstBytes(seen: Buffer): FirstBytes {
  if (seen.length === 0) return "undecided";
  const n = Math.min(seen.length, H2_PREFACE.length);
  if (seen.subarray(0, n).equals(H2_PREFACE.subarray(0, n))) {
    return seen.length >= H2_PREFACE.length ? "h2" : "undecided";
  }
  if (seen[0] === 0x16 && (seen.length < 2 || seen[1] === 0x03)) return "tls";
  const first = seen[0]!;
  return first >= 0x41 && first <= 0x5a ? "h1" : "garbage";
}
