import { isIP } from "node:net";
import { cors } from "@connectrpc/connect";

/** Who may reach the daemon from a browser. */
export interface BrowserPolicy {
  /** Origins allowed to call cross-origin, e.g. "http://localhost:5173" (--allow-origin). */
  allowOrigins: ReadonlySet<string>;
  /** Extra host names the daemon answers to, besides IP literals and localhost (--allow-host). */
  allowHosts: ReadonlySet<string>;
}

/** What a request looks like to the guard. */
export interface BrowserRequest {
  method: string;
  host: string | undefined;
  origin: string | undefined;
  /** Access-Control-Request-Method: set on CORS preflights. */
  preflightMethod: string | undefined;
}

export type GuardDecision =
  | { kind: "allow"; headers: Record<string, string> }
  | { kind: "preflight"; headers: Record<string, string> }
  | { kind: "refuse"; status: number; message: string };

const ALLOWED_HEADERS = [...cors.allowedHeaders, "Authorization"].join(", ");
const EXPOSED_HEADERS = cors.exposedHeaders.join(", ");

/**
 * Decides whether a TCP request may proceed. Exec is remote code execution
 * and a loopback port is reachable from every page the user opens, so:
 * a Host that is a DNS name other than localhost (DNS rebinding: evil.example
 * resolving to 127.0.0.1) is refused; a request carrying an Origin must come
 * from the daemon's own origin or one allowed with --allow-origin; CORS
 * preflights are answered for allowed origins only. Requests without an
 * Origin (curl, gRPC clients) still need the bearer token.
 */
export function checkBrowserRequest(policy: BrowserPolicy, req: BrowserRequest): GuardDecision {
  if (req.host !== undefined && !hostAllowed(policy, req.host)) {
    return {
      kind: "refuse",
      status: 421,
      message: `host ${JSON.stringify(req.host)} is not this daemon (use an IP address or localhost, or --allow-host)`,
    };
  }
  if (req.origin === undefined) return { kind: "allow", headers: {} };
  const sameOrigin = req.host !== undefined && req.origin === `http://${req.host}`;
  if (!sameOrigin && !policy.allowOrigins.has(req.origin)) {
    return {
      kind: "refuse",
      status: 403,
      message: `origin ${JSON.stringify(req.origin)} is not allowed (start the daemon with --allow-origin ${req.origin})`,
    };
  }
  const headers: Record<string, string> = sameOrigin
    ? {}
    : {
        "access-control-allow-origin": req.origin,
        vary: "Origin",
        "access-control-expose-headers": EXPOSED_HEADERS,
      };
  if (req.method === "OPTIONS" && req.preflightMethod !== undefined) {
    return {
      kind: "preflight",
      headers: {
        ...headers,
        "access-control-allow-methods": cors.allowedMethods.join(", "),
        "access-control-allow-headers": ALLOWED_HEADERS,
        "access-control-max-age": "7200",
      },
    };
  }
  return { kind: "allow", headers };
}

function hostAllowed(policy: BrowserPolicy, host: string): boolean {
  const name = host
    .replace(/:\d+$/, "")
    .replace(/^\[(.*)\]$/, "$1")
    .toLowerCase();
  return (
    isIP(name) !== 0 ||
    name === "localhost" ||
    name.endsWith(".localhost") ||
    policy.allowHosts.has(name)
  );
}
