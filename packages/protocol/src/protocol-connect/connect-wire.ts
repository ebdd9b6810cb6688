import type { ConnectError } from "@connectrpc/connect";
import {
  codeToHttpStatus,
  endStreamToJson,
  errorToJsonBytes,
} from "@connectrpc/connect/protocol-connect";
import { envelope } from "../envelope.js";

/** Connect's end-of-stream message, by its envelope flag. */
const END_STREAM_FLAG = 0b10;

/** Connect's two forms: streaming (`application/connect+codec`) or unary (`application/codec`). */
export type ConnectForm = "connect-stream" | "connect-unary";

/** The Connect form a (lower-case, parameterless) media type names, or undefined. */
export function connectForm(type: string): ConnectForm | undefined {
  if (type.startsWith("application/connect+")) return "connect-stream";
  if (type.startsWith("application/proto") || type.startsWith("application/json")) {
    return "connect-unary";
  }
  return undefined;
}

/** A Connect stream ends with one last message: the trailers and the error, as JSON. */
export function connectStreamEnd(trailer: Headers, error: ConnectError | undefined): Uint8Array {
  const json = JSON.stringify(endStreamToJson(trailer, error, undefined));
  return envelope(END_STREAM_FLAG, Buffer.from(json));
}

/** A Connect unary call's error: an HTTP status for its code and the error as a JSON body. */
export function connectUnaryError(error: ConnectError): { status: number; body: Uint8Array } {
  return { status: codeToHttpStatus(error.code), body: errorToJsonBytes(error, undefined) };
}
