import type { ConnectError } from "@connectrpc/connect";
import { endStreamToJson } from "@connectrpc/connect/protocol-connect";
import { trailerSerialize } from "@connectrpc/connect/protocol-grpc-web";
import { envelope } from "./envelope.js";
import { setGrpcStatus } from "./grpc-status.js";
import type { Protocol } from "./wire-protocol.js";

/** Connect's end-of-stream message and gRPC-Web's trailer message, by their envelope flags. */
const END_STREAM_FLAG = 0b10;
const TRAILER_FLAG = 0b1000_0000;

/** How a streamed call ends on the wire: HTTP trailers (gRPC) or one last message (the others). */
export interface EndOfCall {
  trailers?: Record<string, string>;
  body?: Uint8Array;
}

/**
 * The end of a streamed call (any gRPC or gRPC-Web call, a Connect stream)
 * in its protocol, with `trailer` and the error's status. The one rule both
 * a finished call (response-sink.ts) and a refused one (rpc-refusal.ts) use.
 */
export function endOfCall(
  protocol: Protocol,
  trailer: Headers,
  error: ConnectError | undefined,
): EndOfCall {
  if (protocol === "connect") {
    const json = JSON.stringify(endStreamToJson(trailer, error, undefined));
    return { body: envelope(END_STREAM_FLAG, Buffer.from(json)) };
  }
  if (error) setGrpcStatus(trailer, error);
  else trailer.set("grpc-status", "0");
  if (protocol === "grpc-web") return { body: envelope(TRAILER_FLAG, trailerSerialize(trailer)) };
  return { trailers: Object.fromEntries(trailer) };
}
