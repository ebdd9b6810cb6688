import { killOrphans } from "../exec/marked-processes.js";
import { ensureWatchdog } from "../exec/orphan-watchdog.js";
import { registerOwner } from "../exec/owner-registry.js";
import { type ConnectionLimits, connectionLimits } from "./connection-limits.js";
import { createDaemonApp } from "./daemon-app.js";
import type { DaemonConfig } from "./daemon-config.js";
import { openListeners } from "./daemon-listeners.js";
import { shutdownOnce } from "./daemon-shutdown.js";
import { createSniffingServer } from "./h2c-sniffing-server.js";

/** A running daemon. */
export interface Daemon {
  /** "http://127.0.0.1:7799" when listening on TCP. */
  url: string | undefined;
  unixPath: string | undefined;
  /** Stops accepting, ends running commands and closes connections. */
  close(): Promise<void>;
}

/**
 * Starts the daemon on its listeners, in four parts: the services and the
 * RPC stack in front of them, the UI, the listeners, and the shutdown.
 */
export async function startDaemon(config: DaemonConfig): Promise<Daemon> {
  const { logger } = config;
  // A daemon killed with its watchdog (SIGKILL to both) left its commands' processes.
  const orphans = await killOrphans();
  if (orphans > 0)
    logger.warn("ended processes a dead daemon's commands left running", { orphans });
  const limits = connectionLimits(config.limits);
  const app = await createDaemonApp(config);
  // Started now rather than at the first command, which would otherwise share
  // the CPU with a Node start-up.
  if (app.runsCommands) {
    ensureWatchdog();
    // So that, were it and its watchdog SIGKILLed, a later start may end what it left.
    await registerOwner();
  }
  const sniffer = createSniffingServer(app.handle, {
    limits,
    onUpgrade: app.upgrade,
    onRefused: (what) => refusedConnection(logger, what, limits),
  });
  const { servers, url } = await openListeners(config, sniffer).catch(async (err) => {
    await app.release();
    throw err;
  });
  logger.info("listening", { url, unix: config.unixPath, socket: config.socketPath });
  return {
    url,
    unixPath: config.unixPath,
    close: shutdownOnce({
      listeners: servers,
      sniffer,
      stopCommands: app.stopCommands,
      shutdown: app.shutdown,
      // Commands get their kill grace, and a second more to report.
      graceMs: Math.max(limits.shutdownGraceMs, config.killGraceMs + 1000),
      finally: app.release,
    }),
  };
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
