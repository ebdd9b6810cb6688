import type { CallOptions } from "@connectrpc/connect";

/**
 * What the ddClient API has no room for and a program in Node needs: a
 * deadline and cancellation for one call. They become the RPC's own
 * (`grpc-timeout`, a cancelled stream), so the daemon stops the work too: a
 * command is ended, a backend request dropped.
 */
export interface CallControl {
  /** Aborting it cancels the call (a BridgeError with grpcCode "canceled"). */
  signal?: AbortSignal;
  /** Deadline in milliseconds (a BridgeError with grpcCode "deadline_exceeded" when it passes). */
  timeoutMs?: number;
}

/** Connect's call options for a call's control, else the client's default deadline. */
export function callOptions(
  control: CallControl | undefined,
  defaultTimeoutMs: number | undefined,
): CallOptions {
  const timeoutMs = control?.timeoutMs ?? defaultTimeoutMs;
  return {
    ...(control?.signal ? { signal: control.signal } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  };
}
