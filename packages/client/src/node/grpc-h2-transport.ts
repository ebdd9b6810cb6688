import * as http2 from "node:http2";
import {
  create,
  type DescMessage,
  fromBinary,
  isMessage,
  type MessageInitShape,
  type MessageShape,
  toBinary,
} from "@bufbuild/protobuf";
import { Code, ConnectError, type Transport } from "@connectrpc/connect";
import { codeFromHttpStatus, findTrailerError } from "@connectrpc/connect/protocol-grpc";
import type { SessionManager } from "./wide-window-session-manager.js";

/** Options of {@link createGrpcH2Transport}. */
export interface GrpcH2TransportOptions {
  sessionManager: SessionManager;
  /** The `authorization` header of every call. */
  authorization: string;
  /** Largest response message accepted. */
  readMaxBytes: number;
  /** Serves client and bidi streaming (server reflection): connect-node's transport. */
  fallback: () => Transport;
}

const { NGHTTP2_CANCEL } = http2.constants;

/**
 * A gRPC transport for Node on one HTTP/2 session: unary and server-streaming
 * calls (all the daemon's own services have), proto only, no compression, no
 * interceptors; client and bidi streaming go to `fallback`.
 *
 * Why not connect-node's gRPC transport: once the daemon's hot path took its
 * share down, the client became the limit of the HTTP bench: connect-node
 * spends its CPU per unary call on web-stream envelopes, a linked
 * AbortController and deadline signal per call, and interceptor plumbing
 * (docs/benchmarks.md, "Measured decisions"). Here a
 * call is one request on the session, one write, and the response's chunks
 * parsed in place; no signal is made unless the caller passes one.
 */
export function createGrpcH2Transport(options: GrpcH2TransportOptions): Transport {
  const { sessionManager, readMaxBytes } = options;
  const open = async (
    method: { parent: { typeName: string }; name: string },
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
    header: HeadersInit | undefined,
  ) => {
    signal?.throwIfAborted();
    const headers: http2.OutgoingHttpHeaders = {
      "content-type": "application/grpc+proto",
      te: "trailers",
      authorization: options.authorization,
    };
    if (header) {
      new Headers(header).forEach((value, name) => {
        headers[name] = value;
      });
    }
    if (timeoutMs !== undefined) headers["grpc-timeout"] = `${Math.max(0, Math.ceil(timeoutMs))}m`;
    const path = `/${method.parent.typeName}/${method.name}`;
    let stream: http2.ClientHttp2Stream;
    try {
      stream = await sessionManager.request("POST", path, headers, {});
    } catch (err) {
      throw ConnectError.from(err, Code.Unavailable);
    }
    return new Call(stream, sessionManager, readMaxBytes, signal, timeoutMs);
  };
  return {
    async unary(method, signal, timeoutMs, header, input) {
      const call = await open(method, signal, timeoutMs, header);
      try {
        call.send(toBinary(method.input, normalize(method.input, input)));
        const head = await call.head();
        let message: Uint8Array | undefined;
        for await (const m of call.messages()) {
          if (message)
            throw new ConnectError("protocol error: more than one response", Code.Unimplemented);
          message = m;
        }
        if (!message) {
          throw new ConnectError(
            "protocol error: missing output message for unary method",
            Code.Unimplemented,
          );
        }
        return {
          stream: false,
          service: method.parent,
          method,
          header: head,
          message: fromBinary(method.output, message),
          trailer: call.trailer,
        };
      } finally {
        call.done();
      }
    },
    async stream(method, signal, timeoutMs, header, input) {
      if (method.methodKind !== "server_streaming") {
        return options.fallback().stream(method, signal, timeoutMs, header, input);
      }
      const call = await open(method, signal, timeoutMs, header);
      let sent = false;
      for await (const m of input) {
        if (sent)
          throw new ConnectError("server streaming takes one request", Code.InvalidArgument);
        call.send(toBinary(method.input, normalize(method.input, m)));
        sent = true;
      }
      let head: Headers;
      try {
        head = await call.head();
      } catch (err) {
        call.done();
        throw err;
      }
      return {
        stream: true,
        service: method.parent,
        method,
        header: head,
        trailer: call.trailer,
        message: (async function* () {
          try {
            for await (const m of call.messages()) yield fromBinary(method.output, m);
          } finally {
            call.done();
          }
        })() as AsyncIterable<MessageShape<typeof method.output>>,
      };
    },
  };
}

function normalize<T extends DescMessage>(schema: T, input: MessageInitShape<T>): MessageShape<T> {
  return isMessage(input, schema) ? (input as MessageShape<T>) : create(schema, input);
}

/** One call on its HTTP/2 stream. */
class Call {
  readonly trailer = new Headers();
  private failure: ConnectError | undefined;
  private streamError: Error | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly stream: http2.ClientHttp2Stream,
    private readonly sessionManager: SessionManager,
    private readonly readMaxBytes: number,
    private readonly signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
  ) {
    // Swallowed here, surfaced by head() or messages() as a ConnectError.
    stream.on("error", (e) => {
      this.streamError = e;
    });
    if (signal) {
      this.onAbort = () => this.cancel(ConnectError.from(signal.reason, Code.Canceled));
      signal.addEventListener("abort", this.onAbort, { once: true });
    }
    if (timeoutMs !== undefined) {
      this.timer = setTimeout(
        () => this.cancel(new ConnectError("the operation timed out", Code.DeadlineExceeded)),
        timeoutMs,
      );
    }
    stream.once("trailers", (trailers: http2.IncomingHttpHeaders) => copy(trailers, this.trailer));
  }

  send(message: Uint8Array) {
    const frame = Buffer.allocUnsafe(5 + message.byteLength);
    frame[0] = 0;
    frame.writeUInt32BE(message.byteLength, 1);
    frame.set(message, 5);
    this.stream.end(frame);
  }

  /** The response headers; an HTTP error or a trailers-only gRPC error is thrown. */
  head(): Promise<Headers> {
    return new Promise((resolve, reject) => {
      const onResponse = (raw: http2.IncomingHttpHeaders) => {
        this.stream.off("close", onClose);
        const status = Number(raw[":status"]);
        const headers = copy(raw, new Headers());
        if (status !== 200) {
          return reject(new ConnectError(`HTTP ${status}`, codeFromHttpStatus(status), headers));
        }
        // Trailers-only: the status is in the headers.
        if (headers.has("grpc-status")) {
          copy(raw, this.trailer);
          const error = findTrailerError(headers);
          if (error) return reject(error);
        }
        resolve(headers);
      };
      const onClose = () => {
        this.stream.off("response", onResponse);
        reject(this.closedError());
      };
      this.stream.once("response", onResponse);
      this.stream.once("close", onClose);
    });
  }

  /** The response messages, in order; ends with the trailers' status (an error is thrown). */
  async *messages(): AsyncGenerator<Uint8Array> {
    // Chunks are kept as they come and joined once per message: joining at
    // every chunk copies a large message once per chunk.
    const chunks: Buffer[] = [];
    let buffered = 0;
    let need = 5; // bytes of the next prefix, then of the prefix and its message
    let length = -1;
    const take = (n: number): Buffer => {
      const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, buffered);
      chunks.length = 0;
      if (all.byteLength > n) chunks.push(all.subarray(n));
      buffered = all.byteLength - n;
      return all.subarray(0, n);
    };
    try {
      for await (const chunk of this.stream as AsyncIterable<Buffer>) {
        this.sessionManager.notifyResponseByteRead(this.stream);
        chunks.push(chunk);
        buffered += chunk.byteLength;
        while (buffered >= need) {
          if (length < 0) {
            const prefix = take(5);
            if (prefix[0] !== 0) {
              throw new ConnectError(
                `protocol error: unexpected frame flags ${prefix[0]}`,
                Code.Internal,
              );
            }
            length = prefix.readUInt32BE(1);
            if (length > this.readMaxBytes) {
              throw new ConnectError(
                `message size ${length} is larger than configured readMaxBytes ${this.readMaxBytes}`,
                Code.ResourceExhausted,
              );
            }
            need = length;
          } else {
            yield take(length);
            length = -1;
            need = 5;
          }
        }
      }
    } catch (err) {
      throw this.failure ?? (err instanceof ConnectError ? err : this.closedError(err));
    }
    if (this.failure) throw this.failure;
    if (buffered > 0 || length >= 0) {
      throw new ConnectError("protocol error: incomplete message", Code.Internal);
    }
    if (!this.trailer.has("grpc-status")) throw this.closedError();
    const error = findTrailerError(this.trailer);
    if (error) throw error;
  }

  /**
   * Ends the call: timers and listeners go, and a stream the server has not
   * ended is cancelled. Not one that has ended: a RST_STREAM per call counts
   * against the server's reset-flood limit (nghttp2 closed the session with
   * INTERNAL_ERROR after ~1,000 calls).
   */
  done() {
    clearTimeout(this.timer);
    if (this.onAbort) this.signal!.removeEventListener("abort", this.onAbort);
    const ended = this.stream.readableEnded || this.stream.endAfterHeaders;
    if (!this.stream.closed && !ended) this.stream.close(NGHTTP2_CANCEL);
  }

  private cancel(reason: ConnectError) {
    this.failure ??= reason;
    if (!this.stream.closed) this.stream.close(NGHTTP2_CANCEL);
  }

  private closedError(cause?: unknown): ConnectError {
    if (this.failure) return this.failure;
    const code = this.stream.rstCode;
    if (code === undefined || code === http2.constants.NGHTTP2_NO_ERROR) {
      return cause
        ? ConnectError.from(cause, Code.Unavailable)
        : new ConnectError("protocol error: the stream ended without a status", Code.Internal);
    }
    const byRst: Record<number, Code> = {
      [http2.constants.NGHTTP2_REFUSED_STREAM]: Code.Unavailable,
      [http2.constants.NGHTTP2_CANCEL]: Code.Canceled,
      [http2.constants.NGHTTP2_ENHANCE_YOUR_CALM]: Code.ResourceExhausted,
      [http2.constants.NGHTTP2_INADEQUATE_SECURITY]: Code.PermissionDenied,
      [http2.constants.NGHTTP2_HTTP_1_1_REQUIRED]: Code.PermissionDenied,
    };
    return new ConnectError(
      `http/2 stream closed with error code 0x${code.toString(16)}${this.streamError ? `: ${this.streamError.message}` : ""}`,
      byRst[code] ?? Code.Internal,
    );
  }
}

function copy(raw: http2.IncomingHttpHeaders, into: Headers): Headers {
  for (const [name, value] of Object.entries(raw)) {
    if (name.startsWith(":") || value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) into.append(name, v);
    else into.append(name, String(value));
  }
  return into;
}
