import { readFile } from "node:fs/promises";
import type * as http from "node:http";
import { createRequire } from "node:module";
import * as net from "node:net";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { authInterceptor } from "../auth/auth-interceptor.js";
import { createBackendClient } from "../backend/backend-client.js";
import { logInterceptor } from "../log/log-interceptor.js";
import { extensionFacts } from "../services/extension-service.js";
import { createStaticUi } from "../ui/static-ui.js";
import { admitBrowser } from "./browser-admission.js";
import type { DaemonConfig } from "./daemon-config.js";
import { createExecTargets } from "./exec-targets.js";
import { createSniffingServer, listenerOf } from "./h2c-sniffing-server.js";
import { listen, listenUnix } from "./listen.js";
import { createRoutes } from "./routes.js";
import { withSafeAuthority } from "./safe-authority.js";

const require = createRequire(import.meta.url);
/** The classic-script shim the UI pages load (built by the web-shim package). */
const SHIM_BUNDLE = require.resolve("@ddbridge/web-shim/ddbridge-shim.js");

/** A running daemon. */
export interface Daemon {
  /** "http://127.0.0.1:7799" when listening on TCP. */
  url: string | undefined;
  unixPath: string | undefined;
  /** Stops accepting, ends running commands and closes connections. */
  close(): Promise<void>;
}

/** Starts the daemon on its listeners. */
export async function startDaemon(config: DaemonConfig): Promise<Daemon> {
  const { logger } = config;
  // Children never see the daemon's own secret.
  const { DDBRIDGE_TOKEN: _secret, ...baseEnv } = process.env;
  const backend = config.socketPath
    ? createBackendClient({ socketPath: config.socketPath, headersTimeoutMs: config.httpTimeoutMs })
    : undefined;
  const facts = extensionFacts(config.name, config.image);
  const routes = createRoutes(config, {
    backend,
    targets: createExecTargets(config, baseEnv),
    facts,
  });
  const ui = config.ui
    ? createStaticUi({
        ...config.ui,
        shimSource: await readFile(SHIM_BUNDLE, "utf8"),
        info: { ...facts },
      })
    : undefined;
  const shutdown = new AbortController();
  const handler = connectNodeAdapter({
    routes,
    interceptors: [logInterceptor(logger), authInterceptor(config.token)],
    // Room for a --max-body request plus its headers and framing.
    readMaxBytes: config.maxBodyBytes + 64 * 1024,
    shutdownSignal: shutdown.signal,
    fallback: (req, res) => {
      const out = res as http.ServerResponse;
      if (!ui) return void out.writeHead(404).end();
      ui(req.method ?? "GET", req.url ?? "/", out).catch((err) => {
        logger.error("serving the UI failed", { error: String(err) });
        if (!out.headersSent) out.writeHead(500);
        out.end();
      });
    },
    // Never compress responses: on loopback and unix sockets gzip costs far
    // more than it saves (measured: exec streams 13 MiB/s with it). Compressed
    // requests are still accepted.
    compressMinBytes: Number.MAX_SAFE_INTEGER,
  });
  const safeHandler = withSafeAuthority(handler, (err) =>
    logger.warn("bad request", { error: String(err) }),
  );
  const sniffer = createSniffingServer((req, res) => {
    if (listenerOf(req) === "tcp" && !admitBrowser(config.browser, req, res, logger)) return;
    safeHandler(req, res);
  });
  const listeners: net.Server[] = [];
  let url: string | undefined;
  try {
    if (config.listen) {
      // No Nagle: small RPC frames must not wait for an ACK (http.createServer does the same).
      const tcp = net.createServer({ noDelay: true }, (s) => sniffer.accept(s, "tcp"));
      await listen(tcp, { host: config.listen.host, port: config.listen.port });
      listeners.push(tcp);
      const addr = tcp.address() as net.AddressInfo;
      const hostPart = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
      url = `http://${hostPart}:${addr.port}`;
    }
    if (config.unixPath) {
      const unix = net.createServer((s) => sniffer.accept(s, "unix"));
      await listenUnix(unix, config.unixPath);
      listeners.push(unix);
    }
  } catch (err) {
    for (const l of listeners) l.close();
    await backend?.close();
    throw err;
  }
  logger.info("listening", { url, unix: config.unixPath, socket: config.socketPath });

  let closing: Promise<void> | undefined;
  return {
    url,
    unixPath: config.unixPath,
    close() {
      closing ??= (async () => {
        const closed = Promise.all(
          listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))),
        );
        shutdown.abort();
        sniffer.close(false);
        const grace = new Promise<"timeout">((resolve) =>
          setTimeout(() => resolve("timeout"), config.killGraceMs + 1000).unref(),
        );
        if ((await Promise.race([closed, grace])) === "timeout") {
          sniffer.close(true);
          await closed;
        }
        await backend?.close();
      })();
      return closing;
    },
  };
}
