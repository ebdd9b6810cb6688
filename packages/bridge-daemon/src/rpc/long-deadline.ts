import type { IncomingHttpHeaders } from "node:http";
import * as connect from "@connectrpc/connect/protocol-connect";
import * as grpc from "@connectrpc/connect/protocol-grpc";
import type { Stage } from "./http-handler.js";

/** Node runs a timer set past 2^31−1 ms (24.8 days) after 1 ms instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Removes a deadline header longer than a Node timer can wait
 * (`grpc-timeout: 99999999H`, `connect-timeout-ms: 2147483648`): both the hot
 * path and connect-node arm a timer with it, which would expire the call at
 * once. A deadline that far away is no deadline. Malformed values are left
 * for the protocol code to refuse.
 */
export function dropUnarmableDeadline(headers: IncomingHttpHeaders): void {
  for (const [name, parse] of [
    ["grpc-timeout", grpc.parseTimeout],
    ["connect-timeout-ms", connect.parseTimeout],
  ] as const) {
    const value = headers[name];
    if (typeof value !== "string") continue;
    const { timeoutMs, error } = parse(value, Number.MAX_SAFE_INTEGER);
    if (error === undefined && timeoutMs !== undefined && timeoutMs > MAX_TIMER_MS) {
      delete headers[name];
    }
  }
}

/** The HTTP path's deadline stage: one rule for both paths, a deadline past what a timer can wait is none. */
export const unarmableDeadlines: Stage = (next) => (req, res) => {
  dropUnarmableDeadline(req.headers);
  next(req, res);
};
