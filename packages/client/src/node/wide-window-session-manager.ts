import type * as http2 from "node:http2";
import { type GrpcTransportOptions, Http2SessionManager } from "@connectrpc/connect-node";

/** connect-node's session manager interface (connect-node exports it only as this option's type). */
export type SessionManager = NonNullable<GrpcTransportOptions["sessionManager"]>;

/** Receive windows for a daemon's streams: per connection and per stream. */
const CONNECTION_WINDOW = 32 * 1024 * 1024;
const STREAM_WINDOW = 16 * 1024 * 1024;

/**
 * An HTTP/2 session manager with wide receive windows. Node's HTTP/2 client
 * keeps a 64 KiB connection window (settings only widen streams), so a
 * server stream moves 64 KiB per round trip, which caps exec output well
 * below what the daemon sends (docs/benchmarks.md, "Measured decisions").
 * connect-node has no option for it, so this widens each new session once,
 * on its first request.
 */
export function createWideWindowSessionManager(
  url: string,
  options: http2.ClientSessionOptions = {},
): SessionManager {
  const inner = new Http2SessionManager(url, undefined, {
    // nghttp2 counts in-flight data against this (default 10 MB): with wide
    // windows, 64 concurrent 4 MiB responses were reset ENHANCE_YOUR_CALM.
    maxSessionMemory: 256,
    ...options,
    settings: { initialWindowSize: STREAM_WINDOW, ...options.settings },
  });
  const widened = new WeakSet<http2.Http2Session>();
  return {
    get authority() {
      return inner.authority;
    },
    notifyResponseByteRead: (stream) => inner.notifyResponseByteRead(stream),
    async request(method, path, headers, requestOptions) {
      const stream = await inner.request(method, path, headers, requestOptions);
      const session = stream.session;
      if (session && !widened.has(session)) {
        widened.add(session);
        session.setLocalWindowSize(CONNECTION_WINDOW);
      }
      return stream;
    },
  };
}
