/** A header field as it travels in the Protobuf messages. */
export interface HeaderField {
  name: string;
  value: string;
}

/** Headers that belong to one connection and must not be forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/**
 * Headers the bridge sets itself on the request to the backend, or drops:
 * `expect: 100-continue` asks to wait before sending a body, but the body
 * arrives whole in the message, so there is nothing to wait for (and undici
 * refuses the header).
 */
const REQUEST_OWNED = new Set(["host", "content-length", "expect"]);

function connectionTokens(fields: Iterable<HeaderField>): Set<string> {
  const named = new Set<string>();
  for (const f of fields) {
    if (f.name.toLowerCase() !== "connection") continue;
    for (const token of f.value.split(",")) named.add(token.trim().toLowerCase());
  }
  return named;
}

/**
 * Turns request header fields into the multi-valued record the backend
 * client sends, dropping hop-by-hop headers (and those the Connection header
 * names), Host and Content-Length (the bridge sets both).
 */
export function requestHeaders(fields: HeaderField[]): Record<string, string[]> {
  const named = connectionTokens(fields);
  const out: Record<string, string[]> = {};
  for (const f of fields) {
    const name = f.name.toLowerCase();
    if (HOP_BY_HOP.has(name) || REQUEST_OWNED.has(name) || named.has(name)) continue;
    const values = out[name];
    if (values) values.push(f.value);
    else out[name] = [f.value];
  }
  return out;
}

/** Turns the backend's response headers into header fields, hop-by-hop removed. */
export function responseHeaders(
  headers: Record<string, string | string[] | undefined>,
): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value])
      fields.push({ name: name.toLowerCase(), value: v });
  }
  const named = connectionTokens(fields);
  return fields.filter((f) => !HOP_BY_HOP.has(f.name) && !named.has(f.name));
}
