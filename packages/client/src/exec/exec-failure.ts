import { ErrorCode } from "@ddbridge/proto";
import type { BridgeError } from "../bridge-error.js";

/** A BridgeError of an exec, shaped like the ExecResult extensions read on rejection. */
export interface ExecFailure extends BridgeError {
  cmd: string;
  stdout: string;
  stderr: string;
  /** 127 command not found, 126 cannot execute (as a shell), 1 any other failure. */
  code: number;
}

/**
 * Gives an exec's BridgeError the fields extensions print from a rejection
 * (`stdout`, `stderr`, `code`), so a command that cannot start reads as it
 * would from a shell instead of "undefined".
 */
export function execFailure(err: BridgeError, cmd: string, stdout = ""): ExecFailure {
  const code =
    err.grpcCode === ErrorCode.NotFound
      ? 127
      : err.grpcCode === ErrorCode.PermissionDenied || err.grpcCode === ErrorCode.FailedPrecondition
        ? 126
        : 1;
  return Object.assign(err, { cmd, stdout, stderr: `${err.message}\n`, code });
}
