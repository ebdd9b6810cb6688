import { setMaxListeners } from "node:events";
import { readFile } from "node:fs/promises";
import type * as http from "node:http";
import { createRequire } from "node:module";
import * as net from "node:net";
import type { DescMessage } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { CallResponseSchema, RunResponseSchema } from "@ddbridge/proto";
import { authInterceptor } from "../auth/auth-interceptor.js";
import { createBackendClient } from "../backend/backend-client.js";
import { killOrphans } from "../exec/marked-processes.js";
import { ensureWatchdog } from "../exec/orphan-watchdog.js";
import { registerOwner } from "../exec/owner-registry.js";
import { callLog } from "../log/call-log.js";
import { logInterceptor } from "../log/log-interceptor.js";
import { rateLimited } from "../log/rate-limited.js";
import { connectNodeResponses } from "../rpc/connect-node-response.js";
import { oneMessagePaths, withEnvelopeRule } from "../rpc/envelope-guard.js";
import { paceCollection } from "../rpc/gc-pacer.js";
import { dropUnarmableDeadline } from "../rpc/long-deadline.js";
import { createRpcHandler } from "../rpc/rpc-handler.js";
import { encodeCallResponse } from "../services/call-response-wire.js";
import { encodeRunResponse } from "../services/exec-wire.js";
import { extensionFacts } from "../services/extension-service.js";
import { createDevServerProxy, type DevServerProxy } from "../ui/dev-server-proxy.js";
import { UI_SECURITY_HEADERS } from "../ui/security-headers.js";
import { SHIM_PATH, shimScript } from "../ui/shim-script.js";
import { createStaticUi } from "../ui/static-ui.js";
import type { UiHandler } from "../ui/ui-handler.js";
import { admitBrowser, refuseBrowserUpgrade } from "./browser-admission.js";
import { type ConnectionLimits, connectionLimits } from "./connection-limits.js";
import type { DaemonConfig } from "./daemon-config.js";
import { createExecTargets } from "./exec-targets.js";
import { createSniffingServer, listenerOf } from "./h2c-sniffing-server.js";
import { listen, listenUnix } from "./listen.js";
import { createRoutes, SERVICE_NAMES, SERVICES } from "./routes.js";
import { withSafeAuthority } from "./safe-authority.js";
import { createSessionExchange, SESSION_PATH } from "./session-exchange.js";
import { withTokenGate } from "./token-gate.js";

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
  // A daemon killed with its watchdog (SIGKILL to both) left its commands' processes.
  const orphans = await killOrphans();
  if (orphans > 0)
    logger.warn("ended processes a dead daemon's commands left running", { orphans });
  // Children never see the daemon's own secret.
  const { DDBRIDGE_TOKEN: _secret, ...baseEnv } = process.env;
  const backend = config.socketPath
    ? createBackendClient({ socketPath: config.socketPath, headersTimeoutMs: config.httpTimeoutMs })
    : undefined;
  const facts = extensionFacts(config.name, config.image);
  const limits = connectionLimits(config.limits);
  // Aborted first at shutdown: running commands end at once, while other
  // calls in flight get the grace period (connect's `shutdownSignal`).
  const stopCommands = new AbortController();
  // One listener per running command: no "possible leak" warning past ten.
  setMaxListeners(0, stopCommands.signal);
  const targets = createExecTargets(config, baseEnv);
  // Started now rather than at the first command, which would otherwise share
  // the CPU with a Node start-up (tens of ms on two cores).
  if (targets.host || targets.vm || targets.docker) {
    ensureWatchdog();
    // So that, were it and its watchdog SIGKILLed, a later start may end what it left.
    await registerOwner();
  }
  const routes = createRoutes(config, {
    backend,
    targets,
    facts,
    stopCommands: stopCommands.signal,
  });
  const devServer =
    config.ui && "source" in config.ui
      ? // Pages stream through in chunks V8 frees only when it collects: pace that as exec
        // streams do (Node 24 held 75 MiB of them for a 128 MiB page without).
        createDevServerProxy(new URL(config.ui.source), logger, paceCollection)
      : undefined;
  const ui: UiHandler | undefined = devServer
    ? devServer.handle
    : config.ui && "root" in config.ui
      ? createStaticUi(config.ui)
      : undefined;
  const shim = ui
    ? shimScript(await readFile(SHIM_BUNDLE, "utf8"), {
        ...facts,
        maxBodyBytes: config.maxBodyBytes,
      })
    : "";
  const exchangeCode = createSessionExchange(
    config.token,
    rateLimited(1000, (suppressed, reason: string) =>
      logger.warn("refused a login code", {
        reason,
        ...(suppressed ? { moreRefusedSinceLastLine: suppressed } : {}),
      }),
    ),
  );
  const shutdown = new AbortController();
  // Room for a --max-body request plus its headers and framing.
  const readMaxBytes = config.maxBodyBytes + 64 * 1024;
  const responses = connectNodeResponses();
  const handler = connectNodeAdapter({
    routes: routes.register,
    contextValues: responses.contextValues,
    interceptors: [logInterceptor(logger), authInterceptor(config.token)],
    readMaxBytes,
    shutdownSignal: shutdown.signal,
    fallback: (req, res) => {
      const out = res as http.ServerResponse;
      for (const [name, value] of Object.entries(UI_SECURITY_HEADERS)) out.setHeader(name, value);
      const path = req.url?.split("?")[0] ?? "";
      if (path === SESSION_PATH) return exchangeCode(req, out);
      // An RPC-shaped path the daemon does not serve (an unknown method, a newer client) is
      // answered here: never passed to a dev server with its token.
      if (!ui || /^\/(ddbridge|grpc)\./.test(path)) {
        return void out.writeHead(404, { "grpc-status": "12" }).end();
      }
      if (path === SHIM_PATH) return serveShim(out, shim);
      ui(req as http.IncomingMessage, out).catch((err) => {
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
  const hot =
    config.fastPath === false
      ? undefined
      : createRpcHandler({
          services: routes.hot,
          readMaxBytes,
          shutdownSignal: shutdown.signal,
          observe: callLog(logger),
          encoders: new Map<DescMessage, (m: unknown) => Uint8Array | Uint8Array[]>([
            [RunResponseSchema, encodeRunResponse as (m: unknown) => Uint8Array | Uint8Array[]],
            [CallResponseSchema, encodeCallResponse as (m: unknown) => Uint8Array | Uint8Array[]],
          ]),
        });
  // What the hot path does not take meets its envelope rule before connect-node.
  const guarded = withEnvelopeRule(
    (req, res) => {
      responses.track(req, res);
      handler(req, res);
    },
    oneMessagePaths(SERVICES),
    readMaxBytes,
  );
  const safeHandler = withSafeAuthority(
    withTokenGate(
      hot ? (req, res) => hot(req, res) || guarded(req, res) : guarded,
      config.token,
      SERVICE_NAMES,
      rateLimited(
        1000,
        (suppressed, reason: string, req: { url?: string; headers: { origin?: string } }) =>
          logger.warn("refused a call without a valid token", {
            reason,
            method: req.url,
            origin: req.headers.origin,
            ...(suppressed ? { moreRefusedSinceLastLine: suppressed } : {}),
          }),
      ),
    ),
    (err) => logger.warn("bad request", { error: String(err) }),
  );
  const sniffer = createSniffingServer(
    (req, res) => {
      if (listenerOf(req) === "tcp" && !admitBrowser(config.browser, req, res, logger)) return;
      // One rule for both paths: a deadline past what a timer can wait is none.
      dropUnarmableDeadline(req.headers);
      safeHandler(req, res);
    },
    {
      limits,
      onUpgrade: (req, socket, head) => upgrade(devServer, config, req, socket, head),
      onRefused: (what) => refusedConnection(logger, what, limits),
    },
  );
  const listeners: net.Server[] = [];
  let url: string | undefined;
  try {
    if (config.listen) {
      // No Nagle: small RPC frames must not wait for an ACK (http.createServer does the same).
      const tcp = net.createServer({ noDelay: true }, (s) => sniffer.accept(s, "tcp"));
      const { host, port } = config.listen;
      await listen(tcp, { host, port }).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== "EADDRINUSE") throw err;
        throw new Error(
          `${host}:${port} is already in use (another ddbridge serve?): stop it, or pick a free port with --listen ${host}:0 (EADDRINUSE)`,
        );
      });
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
        // Running commands are ended (their process groups), and their streams
        // end with this, not with OK.
        const reason = new ConnectError("daemon shutting down", Code.Unavailable);
        stopCommands.abort(reason);
        sniffer.close(false);
        // Other calls in flight may finish within the grace period (commands
        // within their kill grace); then they are cut off too.
        const grace = Math.max(limits.shutdownGraceMs, config.killGraceMs + 1000);
        if ((await Promise.race([closed, after(grace)])) === "timeout") {
          shutdown.abort(reason);
          if ((await Promise.race([closed, after(1000)])) === "timeout") {
            sniffer.close(true);
            await closed;
          }
        }
        devServer?.close();
        await backend?.close();
      })();
      return closing;
    },
  };
}

function after(ms: number): Promise<"timeout"> {
  return new Promise((resolve) => setTimeout(() => resolve("timeout"), ms).unref());
}

function refusedConnection(
  logger: DaemonConfig["logger"],
  what: "tls" | "garbage" | "slow" | "full",
  limits: ConnectionLimits,
) {
  switch (what) {
    case "tls":
      return logger.warn(
        "TLS reached this cleartext port: clients need http:// (grpcurl: -plaintext)",
      );
    case "garbage":
      return logger.debug("closed a connection that did not start with an HTTP request");
    case "slow":
      return logger.debug("closed a connection that sent nothing in time", {
        ms: limits.firstBytesMs,
      });
    case "full":
      return logger.warn("refused a connection: all connections are busy", {
        maxConnections: limits.maxConnections,
      });
  }
}

function serveShim(res: http.ServerResponse, shim: string) {
  res.writeHead(200, {
    "content-type": "text/javascript; charset=utf-8",
    "cache-control": "no-cache",
  });
  res.end(shim);
}

/** WebSocket upgrades: only the dev server's (HMR), after the same Host and Origin checks as pages. */
function upgrade(
  devServer: DevServerProxy | undefined,
  config: DaemonConfig,
  req: http.IncomingMessage,
  socket: net.Socket,
  head: Buffer,
) {
  const refusal = devServer
    ? listenerOf(req) === "tcp"
      ? refuseBrowserUpgrade(config.browser, req)
      : undefined
    : "404 Not Found";
  if (refusal) {
    config.logger.warn("refused upgrade", { url: req.url, status: refusal });
    socket.end(`HTTP/1.1 ${refusal}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    return;
  }
  devServer!.upgrade(req, socket, head);
}
