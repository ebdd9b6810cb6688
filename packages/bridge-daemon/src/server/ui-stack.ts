import { readFile } from "node:fs/promises";
import type * as http from "node:http";
import { createRequire } from "node:module";
import type * as net from "node:net";
import type { Logger } from "../log/logger.js";
import { rateLimited } from "../log/rate-limited.js";
import { paceCollection } from "../rpc/gc-pacer.js";
import type { Handler } from "../rpc/http-handler.js";
import type { ExtensionFacts } from "../services/extension-service.js";
import { createDevServerProxy } from "../ui/dev-server-proxy.js";
import { UI_SECURITY_HEADERS } from "../ui/security-headers.js";
import { SHIM_PATH, shimScript } from "../ui/shim-script.js";
import { createStaticUi } from "../ui/static-ui.js";
import type { UiHandler } from "../ui/ui-handler.js";
import type { DaemonConfig } from "./daemon-config.js";
import { createSessionExchange, SESSION_PATH } from "./session-exchange.js";
import type { ViewRoutes } from "./view-routes.js";

const require = createRequire(import.meta.url);
/** The classic-script shim the UI pages load (built by the web-shim package). */
const SHIM_BUNDLE = require.resolve("@ddbridge/web-shim/ddbridge-shim.js");

/** The daemon's answers to what is not an RPC: the UI, the shim, the login exchange, HMR upgrades. */
export interface UiStack {
  /** Every request the RPC stack does not take. */
  handle: Handler;
  /** The dev server's WebSocket upgrades (HMR), when there is one; server/upgrade-routes.ts checks them first. */
  upgrade?: (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => void;
  close(): void;
}

/** The UI half of the daemon: static pages or a dev server, with the shim and the login exchange. */
export async function createUiStack(
  config: DaemonConfig,
  facts: ExtensionFacts,
  views?: ViewRoutes,
): Promise<UiStack> {
  const { logger } = config;
  const devServer =
    config.ui && "source" in config.ui
      ? // Pages stream through in chunks V8 frees only when it collects: paced as exec streams are.
        createDevServerProxy(new URL(config.ui.source), logger, paceCollection)
      : undefined;
  const ui: UiHandler | undefined = devServer
    ? devServer.handle
    : config.ui && "root" in config.ui
      ? createStaticUi(config.ui)
      : undefined;
  // The views load the shim too: their calls are the extension's own.
  const shim =
    ui || views
      ? shimScript(await readFile(SHIM_BUNDLE, "utf8"), {
          ...facts,
          maxBodyBytes: config.maxBodyBytes,
          views: views ? 1 : 0,
        })
      : "";
  const exchangeCode = createSessionExchange(config.token, refusedCodeLog(logger));
  return {
    handle: (req, res) => {
      const out = res as http.ServerResponse;
      for (const [name, value] of Object.entries(UI_SECURITY_HEADERS)) out.setHeader(name, value);
      const path = req.url?.split("?")[0] ?? "";
      if (path === SESSION_PATH) return exchangeCode(req, out);
      if (views?.(req, out)) return;
      if (path === SHIM_PATH && shim) return serveShim(out, shim);
      // An RPC-shaped path the daemon does not serve (an unknown method, a newer client) is
      // answered here: never passed to a dev server with its token.
      if (!ui || /^\/(ddbridge|grpc)\./.test(path)) {
        return void out.writeHead(404, { "grpc-status": "12" }).end();
      }
      ui(req as http.IncomingMessage, out).catch((err) => {
        logger.error("serving the UI failed", { error: String(err) });
        if (!out.headersSent) out.writeHead(500);
        out.end();
      });
    },
    ...(devServer ? { upgrade: devServer.upgrade } : {}),
    close: () => devServer?.close(),
  };
}

function refusedCodeLog(logger: Logger) {
  return rateLimited(1000, (suppressed, reason: string) =>
    logger.warn("refused a login code", {
      reason,
      ...(suppressed ? { moreRefusedSinceLastLine: suppressed } : {}),
    }),
  );
}

function serveShim(res: http.ServerResponse, shim: string) {
  res.writeHead(200, {
    "content-type": "text/javascript; charset=utf-8",
    "cache-control": "no-cache",
  });
  res.end(shim);
}
