import { Code, ConnectError } from "@connectrpc/connect";

/**
 * A failure of the bridge itself (not of the backend's HTTP status or the
 * command's exit code): unreachable daemon or backend, refused input, a
 * command that cannot start. `grpcCode` is the gRPC status name
 * ("unavailable", "not_found", ...), so callers can branch without parsing.
 */
export class BridgeError extends Error {
  override name = "BridgeError";
  constructor(
    message: string,
    readonly grpcCode: string,
  ) {
    super(message);
  }
}

/** Converts anything thrown by a Connect call to a BridgeError. */
export function toBridgeError(err: unknown): BridgeError {
  if (err instanceof BridgeError) return err;
  const ce = ConnectError.from(err);
  const name = Code[ce.code] ?? "unknown";
  return new BridgeError(ce.rawMessage, name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase());
}
