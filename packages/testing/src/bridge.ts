import type { Server } from "node:http";
import { join } from "node:path";
import type { Transport } from "@connectrpc/connect";
import {
  createLogger,
  type Daemon,
  type DaemonConfig,
  daemonConfig,
  startDaemon,
} from "@ddbridge/bridge-daemon";
import { createNodeTransport } from "@ddbridge/client/node";
import { startFixtureBackend } from "./fixture-backend.js";
import { tempDir } from "./temp-dir.js";

/** The fixture host binaries (also the local VM runner's working directory). */
export const HOST_BIN = join(import.meta.dirname, "../host-bin");
/** The bearer token of every daemon these helpers start. */
export const TOKEN = "test-token-0123456789-abcdefghijklmnop";

export interface TestBridge {
  daemon: Daemon;
  url: string;
  unixPath: string;
  socketPath: string;
  backend: Server | undefined;
  transport(kind?: TransportKind): Transport;
  close(): Promise<void>;
}

/** Every way a Connect client can reach the daemon. */
export const TRANSPORT_KINDS = [
  "grpc",
  "connect-h1",
  "connect-h2",
  "grpc-web-h1",
  "grpc-web-h2",
  "grpc-unix",
  "connect-h1-unix",
] as const;
export type TransportKind = (typeof TRANSPORT_KINDS)[number];

/**
 * Starts the fixture backend and a daemon in front of it, in this process, on
 * 127.0.0.1:0 and a unix socket, with the fixture host binaries for both exec
 * targets. Silent logs, short timeouts; `overrides` replace any of it.
 */
export async function startBridge(
  overrides: Partial<DaemonConfig> & { withBackend?: boolean } = {},
): Promise<TestBridge> {
  const tmp = await tempDir();
  const socketPath = join(tmp.dir, "backend.sock");
  const unixPath = join(tmp.dir, "daemon.sock");
  const backend =
    overrides.withBackend === false ? undefined : await startFixtureBackend(socketPath);
  const { withBackend: _, ...config } = overrides;
  const daemon = await startDaemon(
    daemonConfig({
      name: "test-extension",
      unixPath,
      socketPath,
      hostBinDir: HOST_BIN,
      vm: { workdir: HOST_BIN },
      token: TOKEN,
      logger: createLogger("silent"),
      httpTimeoutMs: 5000,
      killGraceMs: 500,
      ...config,
    }),
  );
  return {
    daemon,
    url: daemon.url!,
    unixPath,
    socketPath,
    backend,
    transport: (kind: TransportKind = "grpc") => transportFor(kind, daemon.url!, unixPath),
    async close() {
      await daemon.close();
      if (backend) await new Promise((r) => backend.close(r));
      await tmp.remove();
    },
  };
}

/** A Node transport of the given kind to a daemon at `url` (TCP) and `unixPath`. */
export function transportFor(
  kind: TransportKind,
  url: string,
  unixPath: string,
  token = TOKEN,
): Transport {
  switch (kind) {
    case "grpc":
      return createNodeTransport({ url, token, protocol: "grpc" });
    case "connect-h1":
      return createNodeTransport({ url, token, protocol: "connect", httpVersion: "1.1" });
    case "connect-h2":
      return createNodeTransport({ url, token, protocol: "connect", httpVersion: "2" });
    case "grpc-web-h1":
      return createNodeTransport({ url, token, protocol: "grpc-web", httpVersion: "1.1" });
    case "grpc-web-h2":
      return createNodeTransport({ url, token, protocol: "grpc-web", httpVersion: "2" });
    case "grpc-unix":
      return createNodeTransport({ socketPath: unixPath, token, protocol: "grpc" });
    case "connect-h1-unix":
      return createNodeTransport({
        socketPath: unixPath,
        token,
        protocol: "connect",
        httpVersion: "1.1",
      });
  }
}
