import type { ConnectError } from "@connectrpc/connect";
import { trailerSerialize } from "@connectrpc/connect/protocol-grpc-web";
import { envelope } from "../envelope.js";
import { setCallStatus } from "../protocol-grpc/grpc-status.js";

/** gRPC-Web's trailer message, by its envelope flag. */
const TRAILER_FLAG = 0b1000_0000;

/** Whether a (lower-case, parameterless) media type is gRPC-Web's. */
export function isGrpcWebType(type: string): boolean {
  return type.startsWith("application/grpc-web");
}

/** gRPC-Web ends a call with one last message: the trailers, status included, as text. */
export function grpcWebEnd(trailer: Headers, error: ConnectError | undefined): Uint8Array {
  return envelope(TRAILER_FLAG, trailerSerialize(setCallStatus(trailer, error)));
}
