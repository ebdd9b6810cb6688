import type { DockerEngine } from "../engine/engine.js";
import type { ExecRunner } from "../exec/runner.js";
import { createLogger, type Logger } from "../log/logger.js";
import type { BrowserPolicy } from "./browser-guard.js";
import type { ConnectionLimits } from "./connection-limits.js";

/** Everything the daemon needs, already resolved from flags and metadata.json. */
export interface DaemonConfig {
  name: string;
  image: string;
  /** TCP address to listen on; undefined for none. */
  listen: { host: string; port: number } | undefined;
  /** Unix socket to listen on (mode 0600); undefined for none. */
  unixPath: string | undefined;
  /** The backend's socket; undefined when the extension has no backend service. */
  socketPath: string | undefined;
  /**
   * The host binaries directory (every binary in it may run); undefined
   * disables the host target. With `hostBinaries`, the folder they must lie in.
   */
  hostBinDir: string | undefined;
  /** Only these run: base name → file (metadata.json `host.binaries` for this platform). */
  hostBinaries?: Record<string, string> | undefined;
  /**
   * VM target: the `local` runner's working directory, a backend container
   * (needs `docker`), or a custom runner.
   */
  vm: { workdir: string } | { container: string } | { runner: ExecRunner } | undefined;
  /** The engine behind `ddClient.docker.*` and container backends; undefined turns them off. */
  docker: { engine: DockerEngine; cli: string } | undefined;
  token: string;
  logger: Logger;
  /**
   * The extension UI to serve at "/", with the shim injected: a folder and its
   * entry page, or the URL of a dev server to proxy; undefined for none.
   */
  ui: { root: string; entry: string } | { source: string } | undefined;
  /** Who may call from a browser (Host and Origin checks, CORS). */
  browser: BrowserPolicy;
  maxBodyBytes: number;
  /** Bounds on what a connection may hold; the defaults of {@link connectionLimits} where unset. */
  limits?: Partial<ConnectionLimits>;
  httpTimeoutMs: number;
  killGraceMs: number;
  /**
   * Serve `HttpService` and `Exec` on the hot path (default); false leaves
   * every call to connect-node (`--no-fast-path`, to compare the two).
   */
  fastPath?: boolean;
}

/** The limits and log level the daemon has unless told otherwise; the CLI's flag defaults say the same. */
export const DAEMON_DEFAULTS = {
  logLevel: "info",
  maxBodyBytes: 4 * 1024 * 1024,
  httpTimeoutMs: 30_000,
  killGraceMs: 2000,
} as const;

/**
 * A configuration with the command line's defaults (loopback on an ephemeral
 * port, 4 MiB bodies, 30 s backend timeout, 2 s kill grace, info logging, no
 * backend, targets or UI) for embedding the daemon: pass what differs.
 */
export function daemonConfig(
  overrides: Partial<DaemonConfig> & Pick<DaemonConfig, "token">,
): DaemonConfig {
  return {
    name: "extension",
    image: "",
    listen: { host: "127.0.0.1", port: 0 },
    unixPath: undefined,
    socketPath: undefined,
    hostBinDir: undefined,
    vm: undefined,
    docker: undefined,
    logger: createLogger(DAEMON_DEFAULTS.logLevel),
    ui: undefined,
    browser: { allowOrigins: new Set(), allowHosts: new Set() },
    maxBodyBytes: DAEMON_DEFAULTS.maxBodyBytes,
    httpTimeoutMs: DAEMON_DEFAULTS.httpTimeoutMs,
    killGraceMs: DAEMON_DEFAULTS.killGraceMs,
    ...overrides,
  };
}
