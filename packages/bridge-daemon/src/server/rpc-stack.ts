import { connectNodeAdapter } from "@connectrpc/connect-node";
import { callLog } from "../log/call-log.js";
import { logInterceptor } from "../log/log-interceptor.js";
import type { Logger } from "../log/logger.js";
import { rateLimited } from "../log/rate-limited.js";
import { connectNodeResponses } from "../rpc/connect-node-response.js";
import { envelopeRule, oneMessagePaths } from "../rpc/envelope-guard.js";
import { type Handler, pipeline, type Request, type Response } from "../rpc/http-handler.js";
import { unarmableDeadlines } from "../rpc/long-deadline.js";
import { createRpcHandler, hotPath } from "../rpc/rpc-handler.js";
import { browserAdmission } from "./browser-admission.js";
import type { DaemonConfig } from "./daemon-config.js";
import { type Routes, SERVICE_NAMES, SERVICES } from "./routes.js";
import { safeAuthority } from "./safe-authority.js";
import { tokenGate } from "./token-gate.js";

/**
 * The daemon's HTTP path, from the first request line to a service: the
 * stages in the order a request meets them (docs/architecture.md's HTTP
 * path lists them in this order; docs/architecture.spec.ts checks it), then
 * connect-node, which serves what the hot path does not take and hands
 * what is no RPC to `fallback` (the UI).
 */
export function createRpcStack(
  config: DaemonConfig,
  routes: Routes,
  fallback: Handler,
  shutdownSignal: AbortSignal,
): Handler {
  const { logger } = config;
  // Room for a --max-body request plus its headers and framing.
  const readMaxBytes = config.maxBodyBytes + 64 * 1024;
  const responses = connectNodeResponses();
  const connectNode = connectNodeAdapter({
    routes: routes.register,
    contextValues: responses.contextValues,
    // The token was checked once, by tokenGate, before any call reached here.
    interceptors: [logInterceptor(logger)],
    readMaxBytes,
    shutdownSignal,
    fallback: (req, res) => fallback(req, res as Response),
    // Never compress responses: on loopback and unix sockets gzip costs far
    // more than it saves (docs/benchmarks.md). Compressed requests are still accepted.
    compressMinBytes: Number.MAX_SAFE_INTEGER,
  });
  const hot =
    config.fastPath === false
      ? undefined
      : createRpcHandler({
          services: routes.hot,
          readMaxBytes,
          shutdownSignal,
          observe: callLog(logger),
        });
  return pipeline(
    [
      browserAdmission(config.browser, logger),
      unarmableDeadlines,
      safeAuthority((err) => logger.warn("bad request", { error: String(err) })),
      tokenGate(config.token, SERVICE_NAMES, refusedCallLog(logger)),
      ...(hot ? [hotPath(hot)] : []),
      // What the hot path does not take meets its envelope rule before connect-node.
      envelopeRule(oneMessagePaths(SERVICES), readMaxBytes),
    ],
    (req, res) => {
      responses.track(req, res);
      connectNode(req, res);
    },
  );
}

function refusedCallLog(logger: Logger) {
  return rateLimited(1000, (suppressed, reason: string, req: Request) =>
    logger.warn("refused a call without a valid token", {
      reason,
      method: req.url,
      origin: req.headers.origin,
      ...(suppressed ? { moreRefusedSinceLastLine: suppressed } : {}),
    }),
  );
}
