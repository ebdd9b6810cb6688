import { readFileSync } from "node:fs";
import * as net from "node:net";
import type { Transport } from "@connectrpc/connect";
import {
  createConnectTransport,
  createGrpcTransport,
  createGrpcWebTransport,
} from "@connectrpc/connect-node";
import { bearerToken } from "../bearer-token.js";
import { createGrpcH2Transport } from "./grpc-h2-transport.js";
import { defaultTokenFile } from "./state-dir.js";
import { createWideWindowSessionManager } from "./wide-window-session-manager.js";

/** Where and how to reach a ddbridge daemon from Node. */
export interface NodeConnectOptions {
  /** Daemon URL, e.g. "http://127.0.0.1:7799". */
  url?: string;
  /** Or the daemon's unix socket (`ddbridge serve --unix PATH`). */
  socketPath?: string;
  /** Bearer token; else DDBRIDGE_TOKEN, else the contents of `tokenFile`. */
  token?: string;
  /** Token file (default: ~/.ddbridge/token, what `ddbridge serve` writes). */
  tokenFile?: string;
  /** Wire protocol (default: "grpc"). */
  protocol?: "grpc" | "connect" | "grpc-web";
  /** HTTP version for connect and grpc-web (gRPC is always HTTP/2). Default: "2". */
  httpVersion?: "1.1" | "2";
  /**
   * gRPC's client: "ddbridge" (default), a lean transport on node:http2 (in
   * the bench the fastest Node client for small calls; for 4 MiB responses
   * connect-node's Connect protocol was faster), or connect-node's, which
   * also has interceptors and compression.
   */
  grpcClient?: "ddbridge" | "connect-node";
}

/** The default daemon address of `ddbridge serve`. */
export const DEFAULT_URL = "http://127.0.0.1:7799";

/** Finds the bearer token as `ddbridge serve` does: option, DDBRIDGE_TOKEN, token file. */
export function resolveToken(options: Pick<NodeConnectOptions, "token" | "tokenFile">): string {
  if (options.token) return options.token;
  if (process.env.DDBRIDGE_TOKEN) return process.env.DDBRIDGE_TOKEN;
  const file = options.tokenFile ?? defaultTokenFile();
  try {
    return readFileSync(file, "utf8").trim();
  } catch (err) {
    throw new Error(
      `no ddbridge token: pass one, set DDBRIDGE_TOKEN, or make ${file} readable (${(err as Error).message})`,
    );
  }
}

/**
 * A transport to a daemon, by URL or unix socket, with the token. gRPC (the
 * default) uses ddbridge's own lean HTTP/2 client (`grpcClient`), Connect and
 * gRPC-Web connect-node's. Messages up to 64 MiB are accepted, above the
 * grpc-js-style 4 MiB default.
 */
export function createNodeTransport(options: NodeConnectOptions = {}): Transport {
  const token = resolveToken(options);
  const interceptors = [bearerToken(token)];
  const baseUrl = options.socketPath ? "http://localhost" : (options.url ?? DEFAULT_URL);
  const socketPath = options.socketPath;
  const h2 = socketPath ? { createConnection: () => net.connect(socketPath) } : {};
  const h1 = socketPath ? { socketPath } : undefined;
  const readMaxBytes = 64 * 1024 * 1024;
  const protocol = options.protocol ?? "grpc";
  const sessionManager = createWideWindowSessionManager(baseUrl, h2);
  const connectGrpc = () =>
    createGrpcTransport({ baseUrl, interceptors, readMaxBytes, sessionManager });
  if (protocol === "grpc" && options.grpcClient !== "connect-node") {
    let fallback: Transport | undefined;
    return createGrpcH2Transport({
      sessionManager,
      authorization: `Bearer ${token}`,
      readMaxBytes,
      fallback: () => {
        fallback ??= connectGrpc();
        return fallback;
      },
    });
  }
  if (protocol === "grpc") return connectGrpc();
  const create = protocol === "connect" ? createConnectTransport : createGrpcWebTransport;
  return options.httpVersion === "1.1"
    ? create({ baseUrl, interceptors, readMaxBytes, httpVersion: "1.1", nodeOptions: h1 })
    : create({ baseUrl, interceptors, readMaxBytes, httpVersion: "2", sessionManager });
}
