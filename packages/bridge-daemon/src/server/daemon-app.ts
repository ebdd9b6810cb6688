import { setMaxListeners } from "node:events";
import type * as http from "node:http";
import type * as net from "node:net";
import { Code, ConnectError } from "@connectrpc/connect";
import { createBackendClient } from "../backend/backend-client.js";
import type { Handler } from "../rpc/http-handler.js";
import { extensionFacts } from "../services/extension-service.js";
import type { DaemonConfig } from "./daemon-config.js";
import { createExecTargets } from "./exec-targets.js";
import { createRoutes } from "./routes.js";
import { createRpcStack } from "./rpc-stack.js";
import { createUiStack } from "./ui-stack.js";
import { createUpgradeRoutes } from "./upgrade-routes.js";
import { createViewRoutes } from "./view-routes.js";

/**
 * One extension's whole daemon without its listeners: the services, the
 * RPC stack, the UI and the upgrades. `ddbridge serve` and `up` put one on
 * their own port; `ddbridge host` puts many on one port, one per origin.
 */
export interface DaemonApp {
  handle: Handler;
  upgrade: (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => void;
  /** Whether it runs commands (the host starts the orphan watchdog once for all). */
  runsCommands: boolean;
  /** Ends running commands at once; streams still open after `graceMs` are cut off. */
  stop(graceMs: number): Promise<void>;
  /** Aborted first at shutdown (the listeners' owner decides when). */
  stopCommands: AbortController;
  shutdown: AbortController;
  /** Closes what outlives calls: the dev-server proxy, the backend pool. */
  release(): Promise<void>;
}

/** Builds an extension's daemon from its configuration; nothing listens yet. */
export async function createDaemonApp(config: DaemonConfig): Promise<DaemonApp> {
  // Children never see the daemon's own secret.
  const { DDBRIDGE_TOKEN: _secret, ...baseEnv } = process.env;
  const backend = config.socketPath
    ? createBackendClient({ socketPath: config.socketPath, headersTimeoutMs: config.httpTimeoutMs })
    : undefined;
  const facts = extensionFacts(config.name, config.image);
  // Aborted first at shutdown: running commands end at once, while other
  // calls in flight get the grace period (connect's `shutdownSignal`).
  const stopCommands = new AbortController();
  // One listener per running command: no "possible leak" warning past ten.
  setMaxListeners(0, stopCommands.signal);
  const targets = createExecTargets(config, baseEnv);
  const routes = createRoutes(config, {
    backend,
    targets,
    facts,
    stopCommands: stopCommands.signal,
  });
  const ui = await createUiStack(config, facts, createViewRoutes(config));
  const shutdown = new AbortController();
  const handle = createRpcStack(config, routes, ui.handle, shutdown.signal);
  const upgrade = createUpgradeRoutes(config, targets, stopCommands.signal, ui.upgrade);
  const release = async () => {
    ui.close();
    await backend?.close();
  };
  return {
    handle,
    upgrade,
    runsCommands: Boolean(targets.host || targets.vm || targets.docker),
    stopCommands,
    shutdown,
    release,
    async stop(graceMs) {
      const reason = new ConnectError("extension removed from this ddbridge", Code.Unavailable);
      stopCommands.abort(reason);
      await new Promise((resolve) => setTimeout(resolve, graceMs).unref());
      shutdown.abort(reason);
      await release();
    },
  };
}
