import type * as http from "node:http";
import type * as net from "node:net";
import { createProxyServer } from "http-proxy-3";
import type { Logger } from "../log/logger.js";
import { createShimInjector, decoderFor } from "./inject-stream.js";
import { UI_SECURITY_HEADERS } from "./security-headers.js";
import type { UiHandler } from "./ui-handler.js";

/** The UI of `--ui-source URL`: every page request and WebSocket goes to a dev server. */
export interface DevServerProxy {
  handle: UiHandler;
  /** Passes a WebSocket upgrade (Vite's HMR, webpack-dev-server's /ws) through. */
  upgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void;
  close(): void;
}

/** The two log levels the proxy writes. */
export type ProxyLog = Pick<Logger, "debug" | "warn">;

/**
 * Reverse-proxies the UI to a running dev server (`docker extension dev
 * ui-source`): HTML documents get the shim exactly as static pages do; all
 * else, and WebSocket upgrades, pass through unchanged. The Host header is
 * the dev server's own, so its host checks pass. A dev server that is down
 * gets a page saying so, and a log line, never a crash.
 */
export function createDevServerProxy(
  source: URL,
  logger: ProxyLog,
  /** Told the size of every chunk passed on (the daemon paces collections with it). */
  onBytes: (n: number) => void = () => {},
): DevServerProxy {
  const proxy = createProxyServer({
    target: source.href,
    changeOrigin: true,
    selfHandleResponse: true,
  });
  // Cookie names the dev server itself set through this proxy: the only cookies it gets back.
  const ownCookies = new Set<string>();
  proxy.on("proxyReq", (proxyReq) => {
    // Uncompressed answers on loopback: the HTML must be readable to inject the shim.
    proxyReq.removeHeader("accept-encoding");
    // The daemon's token, and other local apps' cookies (cookies ignore ports), stay here.
    proxyReq.removeHeader("authorization");
    proxyReq.removeHeader("proxy-authorization");
    const cookie = ownCookieHeader(proxyReq.getHeader("cookie"), ownCookies);
    if (cookie) proxyReq.setHeader("cookie", cookie);
    else proxyReq.removeHeader("cookie");
  });
  proxy.on("proxyRes", (proxyRes, req, res) => {
    // A header Node refuses (an HTTP/2 response with a connection header) throws here, in
    // an event handler: answer 502 instead of letting it end the daemon.
    const answer = (status: number, headers: http.OutgoingHttpHeaders) => {
      try {
        res.writeHead(status, headers);
      } catch (err) {
        logger.warn("the UI dev server's answer could not be passed on", { error: String(err) });
        proxyRes.destroy();
        if (!res.headersSent) res.writeHead(502).end();
        else res.destroy();
        return false;
      }
      return true;
    };
    for (const c of proxyRes.headers["set-cookie"] ?? []) {
      const name = cookieName(c.split(";")[0] ?? "");
      if (name) ownCookies.add(name);
    }
    proxyRes.on("data", (chunk: Buffer) => onBytes(chunk.length));
    const headers = forwardedHeaders(proxyRes.headers);
    const type = String(proxyRes.headers["content-type"] ?? "");
    // No body to put a tag in: HEAD, 204, 304.
    const bodiless =
      req.method === "HEAD" || proxyRes.statusCode === 204 || proxyRes.statusCode === 304;
    if (!type.includes("text/html") || bodiless) {
      if (answer(proxyRes.statusCode ?? 502, headers)) proxyRes.pipe(res);
      return;
    }
    // HTML gets the shim while it streams: held back only until its <head> (bounded), decoded
    // first if the dev server compressed it anyway; never buffered whole.
    const decoder = decoderFor(proxyRes.headers["content-encoding"]);
    const { "content-length": _length, "content-encoding": _encoding, ...rest } = headers;
    if (decoder === undefined) {
      logger.warn(
        "the UI dev server's page is in an encoding ddbridge cannot read: no shim in it",
        {
          encoding: proxyRes.headers["content-encoding"],
        },
      );
      if (answer(proxyRes.statusCode ?? 200, headers)) proxyRes.pipe(res);
      return;
    }
    if (!answer(proxyRes.statusCode ?? 200, rest)) return;
    const injector = createShimInjector();
    const page = decoder ? proxyRes.pipe(decoder).pipe(injector) : proxyRes.pipe(injector);
    page.pipe(res);
    const fail = () => {
      proxyRes.destroy();
      res.destroy();
    };
    decoder?.on("error", fail);
    injector.on("error", fail);
    // A browser that goes away ends the upstream request too.
    res.once("close", () => proxyRes.destroy());
    proxyRes.on("error", () => res.destroy());
  });
  // Errors after a response or an upgrade began (a browser that goes away
  // resets its WebSocket) arrive here, not at the per-call callbacks: without
  // a listener the proxy throws them and the daemon dies.
  proxy.on("error", (err, _req, target) => {
    logger.debug("UI proxy connection ended", { error: String(err) });
    if ("destroy" in target && !("writeHead" in target)) target.destroy();
    else if (!(target as http.ServerResponse).headersSent) {
      (target as http.ServerResponse).writeHead(502).end();
    } else (target as http.ServerResponse).destroy();
  });
  let downSince = 0;
  const report = (err: Error) => {
    // One line per outage, not one per asset.
    if (Date.now() - downSince > 5000) {
      logger.warn("the UI dev server does not answer", { source: source.href, error: String(err) });
    }
    downSince = Date.now();
  };
  return {
    handle: (req, res) =>
      new Promise<void>((resolve) => {
        res.once("close", resolve);
        proxy.web(req, res, (err: Error) => {
          report(err);
          if (!res.headersSent) {
            res.writeHead(502, { "content-type": "text/html; charset=utf-8" });
            res.end(downPage(source, err));
          } else res.destroy();
          resolve();
        });
      }),
    upgrade(req, socket, head) {
      socket.on("error", () => socket.destroy());
      proxy.ws(req, socket, head, (err: Error) => {
        report(err);
        socket.destroy();
      });
    },
    close: () => proxy.close(),
  };
}

/** The `cookie` header with only the cookies named in `own`; undefined when none is left. */
export function ownCookieHeader(
  header: number | string | string[] | undefined,
  own: ReadonlySet<string>,
): string | undefined {
  if (header === undefined) return undefined;
  const kept = String(header)
    .split(";")
    .map((c) => c.trim())
    .filter((c) => own.has(cookieName(c)));
  return kept.length ? kept.join("; ") : undefined;
}

function cookieName(pair: string): string {
  const eq = pair.indexOf("=");
  return (eq < 0 ? pair : pair.slice(0, eq)).trim();
}

/** Headers that describe one connection, not the message: never passed on (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "trailer",
  "proxy-authenticate",
  "proxy-authorization",
]);

/**
 * A dev server's response headers as the browser gets them: without
 * hop-by-hop headers (and those its `Connection` names), which HTTP/2
 * forbids and Node refuses; and with the daemon's security headers over the
 * dev server's (its CSP kept beside `frame-ancestors 'none'`: a browser
 * enforces both).
 */
export function forwardedHeaders(upstream: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const named = String(upstream.connection ?? "")
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(upstream)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.includes(name)) continue;
    out[name] = value;
  }
  for (const [name, value] of Object.entries(UI_SECURITY_HEADERS)) {
    const theirs = out[name];
    out[name] =
      name === "content-security-policy" && theirs !== undefined
        ? [...(Array.isArray(theirs) ? theirs : [String(theirs)]), value]
        : value;
  }
  return out;
}

function downPage(source: URL, err: Error): string {
  const text = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><title>ddbridge: dev server not answering</title>
<h1>The UI dev server is not answering</h1>
<p>ddbridge takes this extension's UI from <code>${text(source.href)}</code> (<code>--ui-source</code>),
and it did not answer: <code>${text((err as NodeJS.ErrnoException).code ?? err.message)}</code>.</p>
<p>Start the dev server (for example <code>npm run dev</code>), then reload this page.</p>
`;
}
