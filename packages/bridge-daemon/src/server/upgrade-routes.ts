import type * as http from "node:http";
import type * as net from "node:net";
import {
  BACKEND_WS_PREFIX,
  EXEC_WS_PROTOCOL as EXEC_PROTOCOL,
  EXEC_WS_PATH,
} from "@ddbridge/proto";
import { WebSocketServer } from "ws";
import { bearerCheck } from "../auth/bearer-check.js";
import type { ExecTargets } from "../services/exec-runners.js";
import { runSession } from "../services/exec-session.js";
import { proxyBackendWebSocket } from "../websocket/backend-websocket.js";
import { upgradeCredential } from "../websocket/bearer-protocol.js";
import { serveExecWebSocket } from "../websocket/exec-websocket.js";
import { refuseUpgrade } from "../websocket/refuse-upgrade.js";
import { refuseBrowserUpgrade } from "./browser-admission.js";
import type { DaemonConfig } from "./daemon-config.js";
import { listenerOf } from "./h2c-sniffing-server.js";

/** A session's frames are messages of at most this size (a terminal's input is far less). */
const MAX_FRAME = 4 * 1024 * 1024;

type Upgrade = (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => void;

/**
 * The daemon's WebSocket upgrades: `Exec.Session` for browsers, the
 * extension backend's own WebSockets, and else the UI's (a dev server's
 * HMR, when there is one). All pass the same Host and Origin rules as the
 * daemon's pages; ddbridge's two also need the credential (header or
 * subprotocol) before anything starts.
 */
export function createUpgradeRoutes(
  config: DaemonConfig,
  targets: ExecTargets,
  stopCommands: AbortSignal,
  ui: Upgrade | undefined,
): Upgrade {
  const check = bearerCheck(config.token);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME,
    handleProtocols: (offered) => (offered.has(EXEC_PROTOCOL) ? EXEC_PROTOCOL : false),
  });
  return (req, socket, head) => {
    const path = (req.url ?? "").split("?")[0]!;
    const exec = path === EXEC_WS_PATH;
    const backend = path === BACKEND_WS_PREFIX || path.startsWith(`${BACKEND_WS_PREFIX}/`);
    const refuse = (status: number, message: string) => {
      config.logger.warn("refused WebSocket", { url: path, status, reason: message });
      refuseUpgrade(socket, status, message);
    };
    if (!exec && !backend && !ui) return refuse(404, "no WebSocket is served here");
    if (listenerOf(req) === "tcp") {
      const refusal = refuseBrowserUpgrade(config.browser, req);
      if (refusal) return refuse(refusal.status, refusal.message);
    }
    if (!exec && !backend) return ui!(req, socket, head);
    const { authorization, protocols, carrier } = upgradeCredential(req.headers);
    const problem = check(authorization);
    if (problem) return refuse(401, problem);
    if (exec) {
      if (!protocols.includes(EXEC_PROTOCOL)) {
        return refuse(400, `offer the subprotocol ${EXEC_PROTOCOL}`);
      }
      return wss.handleUpgrade(req, socket, head, (ws) =>
        serveExecWebSocket(ws, (requests, ended) =>
          runSession(targets, requests, [ended, stopCommands]),
        ),
      );
    }
    if (!config.socketPath) return refuse(404, "this daemon has no backend socket");
    proxyBackendWebSocket(req, socket, head, config.socketPath, { protocols, carrier }, (message) =>
      config.logger.warn(message),
    );
  };
}
