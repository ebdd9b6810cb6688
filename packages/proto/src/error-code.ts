import { Code } from "@connectrpc/connect";

/**
 * The gRPC status of a failure, as the snake_case names of the gRPC spec
 * ("not_found", "unavailable"). `BridgeError.grpcCode`, the daemon's log
 * lines and the browser shim all use these, so callers can branch on them
 * without parsing messages.
 */
export const ErrorCode = {
  Canceled: "canceled",
  Unknown: "unknown",
  InvalidArgument: "invalid_argument",
  DeadlineExceeded: "deadline_exceeded",
  NotFound: "not_found",
  AlreadyExists: "already_exists",
  PermissionDenied: "permission_denied",
  ResourceExhausted: "resource_exhausted",
  FailedPrecondition: "failed_precondition",
  Aborted: "aborted",
  OutOfRange: "out_of_range",
  Unimplemented: "unimplemented",
  Internal: "internal",
  Unavailable: "unavailable",
  DataLoss: "data_loss",
  Unauthenticated: "unauthenticated",
} as const satisfies Record<keyof typeof Code, string>;

/** One of the {@link ErrorCode} names. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The name of a Connect error code; `Code.NotFound` is "not_found". */
export function errorCodeOf(code: Code): ErrorCode {
  return ErrorCode[Code[code] as keyof typeof ErrorCode] ?? ErrorCode.Unknown;
}
