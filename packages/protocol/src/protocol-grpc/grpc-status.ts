import type { ConnectError } from "@connectrpc/connect";
import { setTrailerStatus } from "@connectrpc/connect/protocol-grpc";

/**
 * Sets `grpc-status`, `grpc-message` and `grpc-status-details-bin` for an
 * error, with the message percent-encoded as the gRPC spec says: only bytes
 * outside printable ASCII, and `%`. connect-es encodes it with
 * `encodeURIComponent`, which every decoder accepts but grpc-js shows as is
 * (`missing bearer token%3A send…`).
 */
export function setGrpcStatus(trailer: Headers, error: ConnectError): Headers {
  setTrailerStatus(trailer, error);
  if (trailer.has("grpc-message")) trailer.set("grpc-message", encodeGrpcMessage(error.rawMessage));
  return trailer;
}

/** The status a gRPC or gRPC-Web call ends with: the error's, else OK (`grpc-status: 0`). */
export function setCallStatus(trailer: Headers, error: ConnectError | undefined): Headers {
  if (error) return setGrpcStatus(trailer, error);
  trailer.set("grpc-status", "0");
  return trailer;
}

/** The spec's Percent-Encoded: UTF-8, then `%XX` for each byte outside 0x20–0x7E and for `%`. */
export function encodeGrpcMessage(message: string): string {
  let plain = true;
  for (let i = 0; i < message.length; i++) {
    const c = message.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x25) {
      plain = false;
      break;
    }
  }
  if (plain) return message;
  let out = "";
  for (const byte of Buffer.from(message, "utf8")) {
    out +=
      byte < 0x20 || byte > 0x7e || byte === 0x25
        ? `%${byte.toString(16).toUpperCase().padStart(2, "0")}`
        : String.fromCharCode(byte);
  }
  return out;
}

/**
 * A `grpc-message` that connect-node wrote (URI-encoded) re-encoded as the
 * spec says; a value that is not valid URI encoding is left as it is.
 */
export function respecGrpcMessage(value: string): string {
  try {
    return encodeGrpcMessage(decodeURIComponent(value));
  } catch {
    return value;
  }
}
