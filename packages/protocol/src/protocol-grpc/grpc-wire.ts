import type { ConnectError } from "@connectrpc/connect";
import { setCallStatus } from "./grpc-status.js";

/** Whether a (lower-case, parameterless) media type is gRPC's: `application/grpc[+codec]`. */
export function isGrpcType(type: string): boolean {
  return type.startsWith("application/grpc") && !type.startsWith("application/grpc-web");
}

/** gRPC ends a call in HTTP trailers: `trailer` with the status (0, or the error's). */
export function grpcEnd(trailer: Headers, error: ConnectError | undefined): Record<string, string> {
  return Object.fromEntries(setCallStatus(trailer, error));
}
