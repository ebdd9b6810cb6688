import type * as http from "node:http";
import type * as http2 from "node:http2";
import { type ContextValues, createContextValues } from "@connectrpc/connect";
import { negotiate, respecGrpcMessage } from "@ddbridge/protocol";
import { sendHeadersKey } from "./send-headers.js";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;
type Headers = Record<string, unknown>;

const RPC_STREAM = /^application\/(grpc|connect\+)/i;
/** Connect's unary calls (a POST with the message as its body). */
const RPC_UNARY = /^application\/(proto|json)/i;

/** What the daemon adds to the responses connect-node writes. */
export interface ConnectNodeResponses {
  /** Called with each request before connect-node gets it; pages and assets are left alone. */
  track(req: Request, res: Response): void;
  /** connect-node's `contextValues` option: {@link sendHeadersKey} for the call. */
  contextValues(req: Request): ContextValues;
}

/**
 * Makes connect-node's responses read as the hot path's do (rpc-handler.ts):
 * `grpc-message` encoded as the gRPC spec says (grpc-status.ts), and response
 * headers a streaming method can send before its first message, which
 * connect-node on its own writes only with that message.
 */
export function connectNodeResponses(): ConnectNodeResponses {
  const responses = new WeakMap<Request, Response>();
  return {
    track(req, res) {
      // RPCs only: the UI's pages and the dev server's answers pass untouched. Only gRPC,
      // gRPC-Web and Connect streams have a grpc-message or headers to send early.
      const contentType = req.headers["content-type"] ?? "";
      const out = res as http.ServerResponse;
      const stream = RPC_STREAM.test(contentType);
      if (stream || RPC_UNARY.test(contentType)) sliceLargeWrites(out);
      if (!stream) return;
      responses.set(req, res);
      const writeHead = out.writeHead;
      out.writeHead = function (this: http.ServerResponse, ...args: unknown[]) {
        if (out.headersSent) return out; // sent early by sendHeadersKey
        const headers = args[args.length - 1];
        if (headers && typeof headers === "object") respec(headers as Headers);
        return (writeHead as (...a: unknown[]) => http.ServerResponse).apply(this, args);
      } as typeof out.writeHead;
      const addTrailers = out.addTrailers;
      out.addTrailers = function (this: http.ServerResponse, trailers) {
        respec(trailers as Headers);
        addTrailers.call(this, trailers);
      };
    },
    contextValues(req) {
      return createContextValues().set(sendHeadersKey, () => {
        const res = responses.get(req) as http.ServerResponse | undefined;
        if (!res || res.headersSent || res.writableEnded) return;
        const wire = negotiate(req.headers, true);
        if (!wire || wire.bare) return;
        res.writeHead(200, { "content-type": wire.contentType });
        res.flushHeaders();
      });
    },
  };
}

/** connect-node writes a message whole; larger writes than this go in slices of it. */
const SLICE = 64 * 1024;

/**
 * connect-node writes each message in one write: on HTTP/2, nghttp2 holds
 * it whole against the session's memory limit until the peer's window takes
 * it, and 64 concurrent 4 MiB responses on one session were reset
 * ENHANCE_YOUR_CALM (--no-fast-path in the bench). Here a large write goes
 * a slice (a view, no copy) at a time, each once the one before has been
 * sent, as the hot path's response-sink.ts does. (Slices written at once
 * would not do: the stream hands all it has buffered to nghttp2 in one
 * writev.) Writes and the end that come meanwhile wait their turn, so the
 * order holds whatever `drain` connect-node sees; `drain` comes again once
 * the queue is empty.
 */
function sliceLargeWrites(out: http.ServerResponse): void {
  const write = out.write as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = out.end as (...args: unknown[]) => http.ServerResponse;
  let queue: Promise<void> | undefined;
  const sliced = (chunk: Uint8Array, done: ((err?: Error | null) => void) | undefined) =>
    new Promise<void>((resolve) => {
      let at = 0;
      const next = (err?: Error | null) => {
        if (err || out.destroyed || at >= chunk.byteLength) {
          done?.(err ?? null);
          return resolve();
        }
        const slice = chunk.subarray(at, at + SLICE);
        at += slice.byteLength;
        write.call(out, slice, next);
      };
      next();
    });
  out.write = function (this: http.ServerResponse, chunk: unknown, ...rest: unknown[]) {
    const small = !(chunk instanceof Uint8Array) || chunk.byteLength <= SLICE;
    if (small && !queue) return write.call(this, chunk, ...rest);
    const done = rest.find((r) => typeof r === "function") as
      | ((err?: Error | null) => void)
      | undefined;
    const bytes =
      chunk instanceof Uint8Array ? chunk : Buffer.from(String(chunk), rest[0] as BufferEncoding);
    const mine = (queue ?? Promise.resolve()).then(() => sliced(bytes, done));
    queue = mine;
    void mine.then(() => {
      if (queue !== mine) return;
      queue = undefined;
      this.emit("drain");
    });
    return false;
  } as typeof out.write;
  out.end = function (this: http.ServerResponse, ...args: unknown[]) {
    if (!queue) return end.apply(this, args);
    const ending = async () => {
      while (queue) await queue;
      end.apply(this, args);
    };
    void ending();
    return this;
  } as typeof out.end;
}

function respec(headers: Headers): void {
  const message = headers["grpc-message"];
  if (typeof message === "string") headers["grpc-message"] = respecGrpcMessage(message);
}
