import type { OutgoingHttpHeaders } from "node:http";
import type { ConnectError } from "@connectrpc/connect";
import { codeToHttpStatus, errorToJsonBytes } from "@connectrpc/connect/protocol-connect";
import type { Wire } from "@ddbridge/protocol";
import { endOfCall, envelope, envelopePrefix } from "@ddbridge/protocol";
import { paceCollection } from "./gc-pacer.js";

/** The part of an HTTP/1.1 or HTTP/2 (compat) response the sink writes to. */
export interface Out {
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  readonly destroyed: boolean;
  /** Bytes written and not yet taken by the connection (HTTP/2: not yet handed to nghttp2). */
  readonly writableLength: number;
  writeHead(status: number, headers: OutgoingHttpHeaders): unknown;
  flushHeaders(): void;
  write(chunk: Uint8Array): boolean;
  end(chunk?: Uint8Array): unknown;
  addTrailers(trailers: Record<string, string>): void;
  once(event: "drain" | "close", listener: () => void): unknown;
  off(event: "drain" | "close", listener: () => void): unknown;
}

/** Response metadata a handler set (made only when it asks for it). */
export interface Metadata {
  header: Headers | undefined;
  trailer: Headers | undefined;
}

/** Messages of at least this size are written apart from their prefix (no copy). */
const SPLIT_AT = 16 * 1024;
/**
 * Large messages go to the stream in slices of this size (views, not
 * copies). One write of a whole message is handed to nghttp2 at once and
 * counts against the session's memory limit until the peer's window takes
 * it: 64 concurrent 4 MiB responses on one session passed the daemon's 64
 * MiB and were reset ENHANCE_YOUR_CALM. Slices wait in the stream's own
 * buffer and go one at a time.
 */
const SLICE = 64 * 1024;
/** Bytes a large message may have waiting in its stream's buffer (see writeSliced). */
const AHEAD = 256 * 1024;

/** Writes one call's response in its protocol's framing. */
export interface ResponseSink {
  /**
   * Sends one encoded message (or its parts, written in turn: no copy);
   * resolves once the connection can take more (HTTP/2 flow control or the
   * socket's buffer), so a fast producer waits for a slow reader. Undefined
   * when there is room already. A stream's messages pace garbage collection
   * (gc-pacer.ts).
   */
  send(message: Uint8Array | Uint8Array[]): Promise<void> | undefined;
  /** Sends the response headers now, before any message (a stream's; unary waits). */
  open(): void;
  /** Ends the call with OK, or with an error. */
  finish(error: ConnectError | undefined): void;
}

/**
 * The sink for a call that came in with `wire`. Only a stream's messages
 * pace garbage collection: a unary response's buffers die with the call, and
 * a forced collection per large response cost a third of its CPU.
 */
export function responseSink(
  wire: Wire,
  out: Out,
  meta: Metadata,
  streaming: boolean,
): ResponseSink {
  if (wire.bare) return bareSink(wire, out, meta);
  const head = () => {
    if (!out.headersSent) out.writeHead(200, headersOf(wire.contentType, meta.header));
  };
  return {
    open() {
      if (out.headersSent || out.writableEnded || out.destroyed) return;
      head();
      out.flushHeaders();
    },
    send(message) {
      head();
      const parts = Array.isArray(message) ? message : [message];
      let total = 0;
      for (const p of parts) total += p.byteLength;
      if (streaming) paceCollection(total);
      if (total < SPLIT_AT) {
        const ok = out.write(envelope(0, parts.length === 1 ? parts[0]! : Buffer.concat(parts)));
        return ok || out.destroyed ? undefined : drained(out);
      }
      out.write(envelopePrefix(0, total));
      return writeSliced(out, parts);
    },
    finish(error) {
      if (out.writableEnded || out.destroyed) return;
      head();
      const trailer = new Headers(meta.trailer);
      error?.metadata.forEach((value, name) => {
        trailer.set(name, value);
      });
      const end = endOfCall(wire.protocol, trailer, error);
      if (end.trailers) out.addTrailers(end.trailers);
      out.end(end.body);
    },
  };
}

/** Connect unary: the message is the body; metadata for after it go in `trailer-` headers. */
function bareSink(wire: Wire, out: Out, meta: Metadata): ResponseSink {
  let body: Uint8Array | undefined;
  const headersWith = (contentType: string, error: ConnectError | undefined) => {
    const headers = headersOf(contentType, meta.header, error?.metadata);
    meta.trailer?.forEach((value, name) => {
      headers[`trailer-${name}`] = value;
    });
    return headers;
  };
  return {
    send(message) {
      body = Array.isArray(message) ? Buffer.concat(message) : message;
      return undefined;
    },
    open() {},
    finish(error) {
      if (out.writableEnded || out.destroyed || out.headersSent) return;
      const data = error ? errorToJsonBytes(error, undefined) : (body ?? new Uint8Array(0));
      const headers = headersWith(error ? "application/json" : wire.contentType, error);
      headers["content-length"] = data.byteLength;
      out.writeHead(error ? codeToHttpStatus(error.code) : 200, headers);
      if (data.byteLength < SPLIT_AT) return void out.end(data);
      const writing = writeSliced(out, [data]);
      if (writing) void writing.then(() => out.end());
      else out.end();
    },
  };
}

/** A response's headers: its content type, then each of `sources` in turn. */
function headersOf(contentType: string, ...sources: (Headers | undefined)[]): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { "content-type": contentType };
  for (const source of sources) {
    source?.forEach((value, name) => {
      headers[name] = value;
    });
  }
  return headers;
}

/**
 * Writes `parts` a slice at a time (see SLICE), with at most {@link AHEAD}
 * bytes waiting in the stream's buffer: waiting for `drain` after every
 * slice cost a 4 MiB body 64 event-loop turns.
 */
function writeSliced(out: Out, parts: Uint8Array[]): Promise<void> | undefined {
  let i = 0;
  let at = 0;
  const next = (): Promise<void> | undefined => {
    for (; i < parts.length; i++, at = 0) {
      const part = parts[i]!;
      while (at < part.byteLength) {
        if (out.destroyed) return undefined;
        const slice = part.subarray(at, at + SLICE);
        at += slice.byteLength;
        if (!out.write(slice) && out.writableLength >= AHEAD) return drained(out).then(next);
      }
    }
    return undefined;
  };
  return next();
}

function drained(out: Out): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off("drain", done);
      out.off("close", done);
      resolve();
    };
    out.once("drain", done);
    out.once("close", done);
  });
}
