import * as http from "node:http";
import * as http2 from "node:http2";
import type * as net from "node:net";

import type { Handler } from "../rpc/http-handler.js";
import { type ConnectionLimits, connectionLimits } from "./connection-limits.js";
import { connectionPool } from "./connection-pool.js";
import { classifyFirstBytes } from "./first-bytes.js";

/** Which kind of listener a connection came in on. */
export type ListenerKind = "tcp" | "unix";

/**
 * The listener kind of a request's connection. (For HTTP/2 `req.socket` is a
 * proxy that reads properties through to the connection's socket.)
 */
export function listenerOf(
  req: http.IncomingMessage | http2.Http2ServerRequest,
): ListenerKind | undefined {
  return (req.socket as net.Socket & { ddbridgeListener?: ListenerKind }).ddbridgeListener;
}

/** A plain-text server that speaks HTTP/1.1 and HTTP/2 (h2c) on one listener. */
export interface SniffingServer {
  /** Accepts a connection from a listener of the given kind. */
  accept(socket: net.Socket, kind: ListenerKind): void;
  /** Stops the HTTP/2 sessions and HTTP/1.1 connections once idle; `force` ends them now. */
  close(force: boolean): void;
}

/** Hooks of {@link createSniffingServer}. */
export interface SniffingOptions {
  /** HTTP/1.1 upgrade requests (WebSockets). */
  onUpgrade?: (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => void;
  /**
   * A connection closed for what it sent first (TLS, or bytes no request
   * begins with) or did not send in time ("slow"), or refused at the
   * connection cap ("full").
   */
  onRefused?: (what: "tls" | "garbage" | "slow" | "full") => void;
  /** Defaults: {@link connectionLimits}. */
  limits?: ConnectionLimits;
}

/**
 * Serves HTTP/1.1 and cleartext HTTP/2 on the same sockets. Node's
 * `allowHTTP1` only works with TLS, so each connection's first bytes decide:
 * the HTTP/2 connection preface goes to an http2 server (what `grpcurl
 * -plaintext` and grpc-js send), anything else to an HTTP/1.1 server
 * (browsers, curl, Connect and gRPC-Web over HTTP/1.1).
 *
 * Nothing a peer holds without a token is unbounded: connections (the
 * excess evicts the one idle the longest, or is refused), the time to send
 * the first bytes and the headers, idle time, streams per session.
 */
export function createSniffingServer(
  handler: Handler,
  options: SniffingOptions = {},
): SniffingServer {
  const { onUpgrade, onRefused } = options;
  const limits = options.limits ?? connectionLimits();
  const pool = connectionPool<net.Socket>(limits.maxConnections);
  let closing = false;
  const finished = (socket: net.Socket) => {
    if (pool.done(socket) && closing) socket.end();
  };

  const h1 = http.createServer(
    {
      keepAliveTimeout: limits.idleMs,
      headersTimeout: limits.headersMs,
      // The whole request (headers and body, at most --max-body): generous
      // for a slow link, but not forever. A response may stream for hours.
      requestTimeout: Math.max(limits.headersMs, 300_000),
      // How often the two timeouts above are checked (Node's default: 30 s).
      connectionsCheckingInterval: Math.min(1000, limits.headersMs),
    },
    handler as http.RequestListener,
  );
  // The two timeouts above are checked by a timer Node starts on "listening";
  // this server never listens (connections are handed to it), so start it.
  h1.emit("listening");
  h1.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    pool.busy(req.socket);
    res.once("close", () => finished(req.socket));
  });
  // A WebSocket (HMR) is busy for as long as it lives.
  h1.on("upgrade", (req: http.IncomingMessage) => pool.busy(req.socket));
  if (onUpgrade)
    h1.on("upgrade", (req, socket, head) => onUpgrade(req, socket as net.Socket, head));
  const h2 = http2.createServer(
    {
      // nghttp2 counts buffered data against this (Node's default is 10 MB):
      // concurrent large responses to a wide-window client need room.
      maxSessionMemory: limits.maxSessionMemoryMiB,
      settings: { maxConcurrentStreams: limits.maxStreamsPerSession },
    },
    handler as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void,
  );
  const sessions = new Set<http2.ServerHttp2Session>();
  // http2 creates the session synchronously inside emit("connection"): this
  // is the socket it is on (session.socket is only a proxy of it).
  let dispatching: net.Socket | undefined;
  h2.on("session", (session) => {
    const socket = dispatching!;
    sessions.add(session);
    let timer: NodeJS.Timeout | undefined;
    // Idle means no stream open: a session waiting on a quiet command is not.
    const idleFromNow = () => {
      timer = setTimeout(() => session.close(), limits.idleMs);
      timer.unref();
    };
    idleFromNow();
    session.on("stream", (stream) => {
      clearTimeout(timer);
      pool.busy(socket);
      stream.once("close", () => {
        if (pool.done(socket) && !session.closed) idleFromNow();
      });
    });
    session.once("close", () => {
      clearTimeout(timer);
      sessions.delete(session);
    });
  });

  return {
    accept(socket, kind) {
      (socket as net.Socket & { ddbridgeListener?: ListenerKind }).ddbridgeListener = kind;
      socket.on("error", () => socket.destroy());
      if (closing) return void socket.destroy();
      const victim = pool.add(socket);
      if (victim === socket) {
        onRefused?.("full");
        return void socket.destroy();
      }
      victim?.destroy();
      socket.once("close", () => pool.remove(socket));
      let seen: Buffer = Buffer.alloc(0);
      const deadline = setTimeout(() => {
        onRefused?.("slow");
        socket.destroy();
      }, limits.firstBytesMs);
      deadline.unref();
      const stopSniffing = () => {
        clearTimeout(deadline);
        socket.off("data", onData);
        socket.off("end", onEnd);
      };
      const dispatch = (server: net.Server) => {
        stopSniffing();
        socket.pause();
        socket.unshift(seen);
        dispatching = socket;
        server.emit("connection", socket);
        dispatching = undefined;
        // The HTTP/1.1 server reads new bytes straight from the handle; the
        // bytes sniffed so far sit in the stream buffer and flow on resume.
        if (server === h1) socket.resume();
      };
      const onData = (chunk: Buffer) => {
        seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
        const kind = classifyFirstBytes(seen);
        if (kind === "h1") dispatch(h1);
        else if (kind === "h2") dispatch(h2);
        else if (kind === "tls" || kind === "garbage") {
          // Answered now, not left to wait for a timeout: a TLS client reads
          // this as "not a TLS server" (Go: "first record does not look like
          // a TLS handshake"; curl: "wrong version number").
          stopSniffing();
          onRefused?.(kind);
          socket.end(kind === "tls" ? TLS_REFUSAL : BAD_REQUEST);
        }
      };
      const onEnd = () => {
        stopSniffing();
        socket.destroy();
      };
      socket.on("data", onData);
      socket.once("end", onEnd);
    },
    close(force) {
      closing = true;
      for (const s of sessions) force ? s.destroy() : s.close();
      h1.closeIdleConnections();
      // Connections with nothing open (not yet dispatched, or between requests) go now.
      for (const socket of [...pool.idle()]) socket.destroy();
      if (force) for (const socket of [...pool.all()]) socket.destroy();
      // Stops the timer started above (the server was never listening: ignore that error).
      if (force) h1.close(() => {});
    },
  };
}

const BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
const TLS_TEXT = "This is a cleartext (http://) port: use http://, or grpcurl -plaintext.\n";
const TLS_REFUSAL = `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${TLS_TEXT.length}\r\n\r\n${TLS_TEXT}`;
