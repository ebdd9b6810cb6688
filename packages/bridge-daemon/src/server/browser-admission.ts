import type * as http from "node:http";
import type * as http2 from "node:http2";
import type { Logger } from "../log/logger.js";
import type { Stage } from "../rpc/http-handler.js";
import { type BrowserPolicy, checkBrowserRequest } from "./browser-guard.js";
import { listenerOf } from "./h2c-sniffing-server.js";
import { authorityOf, firstHeader } from "./request-header.js";

/**
 * Applies the browser guard to a request that came in over TCP: answers a
 * refusal or a CORS preflight itself (false), or sets the CORS headers and
 * lets the request through (true).
 */
export function admitBrowser(
  policy: BrowserPolicy,
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
  logger: Logger,
): boolean {
  const header = (name: string) => firstHeader(req, name);
  const decision = checkBrowserRequest(policy, {
    method: req.method ?? "GET",
    host: authorityOf(req),
    origin: header("origin"),
    preflightMethod: header("access-control-request-method"),
  });
  if (decision.kind === "refuse") {
    logger.warn("refused browser request", { status: decision.status, reason: decision.message });
    (res as http.ServerResponse).writeHead(decision.status, { "content-type": "text/plain" });
    res.end(decision.message);
    return false;
  }
  if (decision.kind === "preflight") {
    (res as http.ServerResponse).writeHead(204, decision.headers);
    res.end();
    return false;
  }
  for (const [k, v] of Object.entries(decision.headers)) res.setHeader(k, v);
  return true;
}

/**
 * The browser guard for a WebSocket upgrade (no preflight, no CORS): the
 * status and reason to refuse it with, or undefined to let it through.
 */
export function refuseBrowserUpgrade(
  policy: BrowserPolicy,
  req: http.IncomingMessage,
): { status: number; message: string } | undefined {
  const decision = checkBrowserRequest(policy, {
    method: "GET",
    host: req.headers.host,
    origin: req.headers.origin,
    preflightMethod: undefined,
  });
  return decision.kind === "refuse"
    ? { status: decision.status, message: decision.message }
    : undefined;
}

/** The HTTP path's browser stage: TCP only (a unix socket has no browser behind it). */
export function browserAdmission(policy: BrowserPolicy, logger: Logger): Stage {
  return (next) => (req, res) => {
    if (listenerOf(req) === "tcp" && !admitBrowser(policy, req, res, logger)) return;
    next(req, res);
  };
}
