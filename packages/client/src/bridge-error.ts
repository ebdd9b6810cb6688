import { ConnectError } from "@connectrpc/connect";
import { type ErrorCode, errorCodeOf } from "@ddbridge/proto";

/**
 * A failure of the bridge itself (not of the backend's HTTP status or the
 * command's exit code): unreachable daemon or backend, refused input, a
 * command that cannot start. `grpcCode` is the gRPC status name
 * ({@link ErrorCode}: "unavailable", "not_found", ...), so callers can branch
 * without parsing.
 */
export class BridgeError extends Error {
  override name = "BridgeError";
  constructor(
    message: string,
    readonly grpcCode: ErrorCode,
  ) {
    super(message);
  }
}

/** Converts anything thrown by a Connect call to a BridgeError. */
export function toBridgeError(err: unknown): BridgeError {
  if (err instanceof BridgeError) return err;
  const ce = ConnectError.from(err);
  return new BridgeError(ce.rawMessage, errorCodeOf(ce.code));
}
