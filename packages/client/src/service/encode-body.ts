/** A request body ready for the wire, with the content type it implies. */
export interface EncodedBody {
  body: Uint8Array;
  contentType: string | undefined;
}

const encoder = new TextEncoder();

/**
 * Encodes `data` as the ddClient contract says: a string as is (UTF-8), bytes
 * as they are, `undefined`/`null` as no body, anything else as JSON.
 */
export function encodeBody(data: unknown): EncodedBody {
  if (data === undefined || data === null)
    return { body: new Uint8Array(0), contentType: undefined };
  if (typeof data === "string")
    return { body: encoder.encode(data), contentType: "text/plain; charset=utf-8" };
  if (data instanceof Uint8Array) return { body: data, contentType: "application/octet-stream" };
  if (data instanceof ArrayBuffer)
    return { body: new Uint8Array(data), contentType: "application/octet-stream" };
  return { body: encoder.encode(JSON.stringify(data)), contentType: "application/json" };
}
