import { STATUS_CODES } from "node:http";
import { Code, ConnectError } from "@connectrpc/connect";
import type { Pool } from "undici";
import { reachableSocketPath } from "../fs/reachable-socket-path.js";
import { type HeaderField, requestHeaders, responseHeaders } from "./forward-headers.js";
import { NOT_A_SOCKET, socketOnlyConnector } from "./socket-connector.js";
import { validateTarget } from "./validate-target.js";

/** An HTTP request to the backend, as it arrives in the Protobuf messages. */
export interface BackendRequest {
  method: string;
  path: string;
  headers: HeaderField[];
  body: Uint8Array;
}

/** The status line and headers of the backend's response. */
export interface BackendHead {
  status: number;
  reason: string;
  headers: HeaderField[];
}

/** A response whose body is still to be read, in order, as it arrives. */
export interface BackendResponse extends BackendHead {
  body: AsyncIterable<Uint8Array>;
  /** Stops reading and releases the connection. */
  discard(): void;
}

/** Settings of the backend client. */
export interface BackendClientOptions {
  /** The backend's unix socket. */
  socketPath: string;
  /** Time allowed for the backend to send its response headers. */
  headersTimeoutMs: number;
}

/** Talks HTTP/1.1 to the extension's backend socket over pooled keep-alive connections. */
export interface BackendClient {
  /**
   * Sends a request; resolves once the response head is in. `bodyTimeoutMs`
   * bounds the wait between body chunks (0: none, for long-lived streams).
   */
  send(req: BackendRequest, signal: AbortSignal, bodyTimeoutMs?: number): Promise<BackendResponse>;
  close(): Promise<void>;
}

/**
 * Creates the backend client. undici's Pool keeps connections to the socket
 * alive between calls, which is most of the round-trip cost saved.
 */
export function createBackendClient(options: BackendClientOptions): BackendClient {
  // undici is imported at the first call: memory that a UI which never calls
  // its backend does not pay (the bench's "first vm.service call" row).
  let pool: Promise<Pool> | undefined;
  const poolOf = () => {
    pool ??= import("undici").then(
      (undici) =>
        new undici.Pool("http://localhost", {
          connect: socketOnlyConnector(
            reachableSocketPath(options.socketPath),
            undici.buildConnector,
          ),
          connections: 256,
          keepAliveTimeout: 30_000,
          headersTimeout: options.headersTimeoutMs,
          bodyTimeout: 0,
        }),
    );
    return pool;
  };
  return {
    async send(req, signal, bodyTimeoutMs = 0) {
      const { method, path } = validateTarget(req.method, req.path);
      let res: Awaited<ReturnType<Pool["request"]>>;
      try {
        res = await (await poolOf()).request({
          method: method as "GET",
          path,
          headers: requestHeaders(req.headers),
          body: req.body.byteLength > 0 ? req.body : undefined,
          signal,
          bodyTimeout: bodyTimeoutMs,
        });
      } catch (err) {
        throw backendError(err, options.socketPath, signal);
      }
      const body = res.body;
      return {
        status: res.statusCode,
        reason: STATUS_CODES[res.statusCode] ?? "",
        headers: responseHeaders(res.headers),
        body: readBody(body, options.socketPath, signal),
        discard: () => body.destroy(),
      };
    },
    close: async () => {
      if (pool) await (await pool).close();
    },
  };
}

async function* readBody(
  body: AsyncIterable<Uint8Array>,
  socketPath: string,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array> {
  try {
    yield* body;
  } catch (err) {
    throw backendError(err, socketPath, signal);
  }
}

/** Maps an undici or socket failure to the gRPC code a caller can act on. */
export function backendError(err: unknown, socketPath: string, signal?: AbortSignal): ConnectError {
  if (err instanceof ConnectError) return err;
  if (signal?.aborted) return ConnectError.from(signal.reason ?? err, Code.Canceled);
  const e = err as { code?: string; message?: string };
  switch (e.code) {
    case "UND_ERR_INVALID_ARG":
      return new ConnectError(`invalid request: ${e.message}`, Code.InvalidArgument);
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return new ConnectError(
        `the extension backend on ${socketPath} did not answer in time`,
        Code.DeadlineExceeded,
      );
    case NOT_A_SOCKET:
      return new ConnectError(
        `the extension backend's socket is refused: ${e.message}`,
        Code.FailedPrecondition,
      );
    case "ENOENT":
      return new ConnectError(
        `the extension backend is not reachable: no socket at ${socketPath}`,
        Code.Unavailable,
      );
    case "ECONNREFUSED":
      return new ConnectError(
        `the extension backend is not reachable: ${socketPath} refused the connection`,
        Code.Unavailable,
      );
    default:
      return new ConnectError(
        `the extension backend on ${socketPath} failed: ${e.message ?? String(err)}`,
        Code.Unavailable,
      );
  }
}
