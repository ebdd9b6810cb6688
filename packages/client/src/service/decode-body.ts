const BINARY_TYPE =
  /^(application\/(octet-stream|zip|gzip|pdf|wasm|x-tar)|image\/|audio\/|video\/|font\/)/i;

/**
 * Presents a response body as the ddClient contract says: empty is "", JSON
 * text is parsed, other text is returned as a string. Bytes that are binary
 * (by content type, or not valid UTF-8) are returned as a Uint8Array, byte for
 * byte, rather than mangled into a string.
 */
export function decodeBody(body: Uint8Array, contentType: string | undefined): unknown {
  if (body.byteLength === 0) return "";
  if (contentType && BINARY_TYPE.test(contentType)) return body;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    return body;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Decodes bytes as UTF-8 text, replacing invalid sequences. */
export function bodyText(body: Uint8Array): string {
  return new TextDecoder().decode(body);
}
