import type { ConnectError } from "@connectrpc/connect";
import type { Protocol } from "./framing.js";
import { connectStreamEnd } from "./protocol-connect/connect-wire.js";
import { grpcEnd } from "./protocol-grpc/grpc-wire.js";
import { grpcWebEnd } from "./protocol-grpc-web/grpc-web-wire.js";

/** How a streamed call ends on the wire: HTTP trailers (gRPC) or one last message (the others). */
export interface EndOfCall {
  trailers?: Record<string, string>;
  body?: Uint8Array;
}

/**
 * The end of a streamed call (any gRPC or gRPC-Web call, a Connect stream)
 * in its protocol, with `trailer` and the error's status: the one rule for a
 * finished call and a refused one.
 */
export function endOfCall(
  protocol: Protocol,
  trailer: Headers,
  error: ConnectError | undefined,
): EndOfCall {
  switch (protocol) {
    case "connect":
      return { body: connectStreamEnd(trailer, error) };
    case "grpc-web":
      return { body: grpcWebEnd(trailer, error) };
    case "grpc":
      return { trailers: grpcEnd(trailer, error) };
  }
}
