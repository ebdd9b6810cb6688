import * as http from "node:http";
import * as http2 from "node:http2";
import type * as net from "node:net";

import { classifyFirstBytes } from "./first-bytes.js";

type Handler = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
) => void;

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
  /** A connection closed at once for what it sent first: TLS, or bytes no request begins with. */
  onRefused?: (what: "tls" | "garbage") => void;
}

/**
 * Serves HTTP/1.1 and cleartext HTTP/2 on the same sockets. Node's
 * `allowHTTP1` only works with TLS, so each connection's first bytes decide:
 * the HTTP/2 connection preface goes to an http2 server (what `grpcurl
 * -plaintext` and grpc-js send), anything else to an HTTP/1.1 server
 * (browsers, curl, Connect and gRPC-Web over HTTP/1.1).
 */
export function createSniffingServer(
  handler: Handler,
  options: SniffingOptions = {},
): SniffingServer {
  const { onUpgrade, onRefused } = options;
  const h1 = http.createServer({ keepAliveTimeout: 30_000 }, handler as http.RequestListener);
  if (onUpgrade)
    h1.on("upgrade", (req, socket, head) => onUpgrade(req, socket as net.Socket, head));
  const h2 = http2.createServer(
    {
      // nghttp2 counts buffered data against this (Node's default is 10 MB):
      // many concurrent large responses to a wide-window client need room.
      maxSessionMemory: 256,
      settings: { maxConcurrentStreams: 4096 },
    },
    handler as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void,
  );
  h1.requestTimeout = 0;
  const sessions = new Set<http2.ServerHttp2Session>();
  h2.on("session", (s) => {
    sessions.add(s);
    s.once("close", () => sessions.delete(s));
  });
  const sockets = new Set<net.Socket>();

  return {
    accept(socket, kind) {
      (socket as net.Socket & { ddbridgeListener?: ListenerKind }).ddbridgeListener = kind;
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
      let seen: Buffer = Buffer.alloc(0);
      const dispatch = (server: net.Server) => {
        socket.off("data", onData);
        socket.off("end", onEnd);
        socket.pause();
        socket.unshift(seen);
        server.emit("connection", socket);
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
          socket.off("data", onData);
          onRefused?.(kind);
          socket.end(kind === "tls" ? TLS_REFUSAL : BAD_REQUEST);
        }
      };
      const onEnd = () => socket.destroy();
      socket.on("data", onData);
      socket.once("end", onEnd);
      socket.on("error", () => socket.destroy());
    },
    close(force) {
      for (const s of sessions) force ? s.destroy() : s.close();
      h1.closeIdleConnections();
      if (force) for (const s of sockets) s.destroy();
    },
  };
}

const BAD_REQUEST = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
const TLS_TEXT = "This is a cleartext (http://) port: use http://, or grpcurl -plaintext.\n";
const TLS_REFUSAL = `HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${TLS_TEXT.length}\r\n\r\n${TLS_TEXT}`;
