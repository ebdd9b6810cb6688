import type * as http from "node:http";
import type * as http2 from "node:http2";
import {
  create,
  type DescMessage,
  type DescMethod,
  type DescService,
  fromBinary,
  fromJsonString,
  isMessage,
  type MessageInitShape,
  type Registry,
  toBinary,
  toJsonString,
} from "@bufbuild/protobuf";
import {
  Code,
  ConnectError,
  type ContextValues,
  createContextValues,
  type HandlerContext,
} from "@connectrpc/connect";
import {
  type EnvelopeRule,
  envelopeHeadProblem,
  negotiate,
  singleMessage,
  type Wire,
} from "@ddbridge/protocol";
import type { CallLog } from "../log/call-log.js";
import type { Stage } from "./http-handler.js";
import { readBody } from "./read-body.js";
import { type Metadata, type Out, type ResponseSink, responseSink } from "./response-sink.js";
import { sendHeadersKey } from "./send-headers.js";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

/** A unary method's implementation, as connect's `ServiceImpl` has it. */
type Unary = (request: unknown, ctx: HandlerContext) => Promise<unknown> | unknown;
/** A server-streaming method's implementation. */
type ServerStreaming = (request: unknown, ctx: HandlerContext) => AsyncIterable<unknown>;

/** A service and its implementation (connect's `ServiceImpl`, all methods or some). */
export interface ServiceEntry {
  service: DescService;
  /** Any connect `ServiceImpl`: its methods by local name. */
  impl: Record<string, any>;
  /**
   * Binary encoders the service brings for response messages that are
   * written often and large (exec output): a hand-written encoding that does
   * not copy the payload through protobuf-es's writer.
   */
  encoders?: ReadonlyMap<DescMessage, MessageEncoder>;
}

/** A message's binary encoding, as one buffer or parts to write in order. */
export type MessageEncoder = (message: any) => Uint8Array | Uint8Array[];

/** Sees one call: its request, each response message, its end (the call log is one). */
export type CallObserver = CallLog;

/** Options of {@link createRpcHandler}. */
export interface RpcHandlerOptions {
  services: ServiceEntry[];
  /** Largest request body (framing included); more is RESOURCE_EXHAUSTED. */
  readMaxBytes: number;
  /** Aborted: every call in flight ends UNAVAILABLE (its reason). */
  shutdownSignal?: AbortSignal;
  /** Called at the start of each call. */
  observe?: (method: DescMethod) => CallObserver | undefined;
  /** For JSON with `google.protobuf.Any`. */
  registry?: Registry;
}

/** Serves a request and returns true, or returns false without touching it. */
export type RpcHandler = ((req: Request, res: Response) => boolean) & {
  /** The method at a path, if the handler serves it. */
  method(path: string): { streaming: boolean } | undefined;
};

interface Entry {
  method: DescMethod;
  streaming: boolean;
  impl: Unary | ServerStreaming;
  /** The output's encoders, made once: proto, then JSON. */
  encode: { binary: Encode; json: Encode };
}

type Encode = (message: unknown) => Uint8Array | Uint8Array[];

/** What every call of one handler shares, made once. */
interface Shared {
  /** Calls in flight: aborted at shutdown. */
  active: Set<AbortController>;
  /** The envelope rule, and its check of a header as soon as it arrives. */
  envelope: { rule: EnvelopeRule; checkHead: (head: Buffer) => ConnectError | undefined };
}

/**
 * The daemon's hot path: unary and server-streaming calls in the gRPC,
 * gRPC-Web and Connect protocols (proto and JSON, no compression), straight
 * on node:http and node:http2, beside connect-node.
 *
 * Why not connect-node for these: per call it runs web-stream envelopes,
 * its router, an AbortSignal and a DOMException, and interceptors, and the
 * garbage of all of them (the profile is in docs/benchmarks.md, "Measured
 * decisions"). Here a call is one buffer read, one decode, one write; a
 * signal is only aborted when something ends the call early.
 *
 * What it does not take (compression, gRPC-Web text, Connect GET, bad
 * deadlines, other methods) it returns false for, untouched, and
 * connect-node serves or refuses it as before.
 */
export function createRpcHandler(options: RpcHandlerOptions): RpcHandler {
  const table = new Map<string, Entry>();
  for (const { service, impl, encoders: fast } of options.services) {
    for (const method of service.methods) {
      const fn = impl[method.localName];
      if (typeof fn !== "function") continue;
      if (method.methodKind !== "unary" && method.methodKind !== "server_streaming") continue;
      table.set(`/${service.typeName}/${method.name}`, {
        method,
        streaming: method.methodKind === "server_streaming",
        impl: fn.bind(impl),
        encode: encoders(method.output, fast?.get(method.output), options.registry),
      });
    }
  }
  const active = new Set<AbortController>();
  // The hot path takes no compression: a compressed request went to connect-node.
  const rule: EnvelopeRule = { readMaxBytes: options.readMaxBytes, compressed: false };
  const shared: Shared = {
    active,
    envelope: { rule, checkHead: (head) => envelopeHeadProblem(head, rule) },
  };
  options.shutdownSignal?.addEventListener(
    "abort",
    () => {
      for (const call of active) call.abort(options.shutdownSignal!.reason);
    },
    { once: true },
  );
  const handler = (req: Request, res: Response) => {
    if (req.method !== "POST") return false;
    const entry = table.get(req.url ?? "");
    if (!entry) return false;
    const wire = negotiate(req.headers, entry.streaming);
    if (!wire) return false;
    void serve(entry, wire, req, res as unknown as Out & Response, options, shared);
    return true;
  };
  return Object.assign(handler, { method: (path: string) => table.get(path) });
}

async function serve(
  entry: Entry,
  wire: Wire,
  req: Request,
  res: Out & Response,
  options: RpcHandlerOptions,
  { active, envelope }: Shared,
) {
  const call = new AbortController();
  active.add(call);
  let done = false;
  const gone = () => {
    if (!done) call.abort(new ConnectError("the client went away", Code.Canceled));
  };
  res.once("close", gone);
  const deadline = wire.timeoutMs === undefined ? undefined : Date.now() + wire.timeoutMs;
  const timer =
    wire.timeoutMs === undefined
      ? undefined
      : setTimeout(
          () => call.abort(new ConnectError("the operation timed out", Code.DeadlineExceeded)),
          wire.timeoutMs,
        );
  const meta: Metadata = { header: undefined, trailer: undefined };
  const sink = responseSink(wire, res, meta, entry.streaming);
  const observer = options.observe?.(entry.method);
  let error: ConnectError | undefined;
  try {
    const body = wire.bare
      ? await readBody(req, options.readMaxBytes)
      : // The limit is on the message: its envelope's header comes on top.
        await readBody(req, options.readMaxBytes + 5, envelope.checkHead);
    const input = decode(
      entry.method.input,
      wire,
      wire.bare ? body : singleMessage(body, envelope.rule),
      options.registry,
    );
    observer?.request(input);
    const ctx = context(entry.method, wire, req, call.signal, meta, deadline, sink);
    const encode = wire.binary ? entry.encode.binary : entry.encode.json;
    if (entry.streaming) {
      for await (const message of (entry.impl as ServerStreaming)(input, ctx)) {
        observer?.response(message);
        const full = sink.send(encode(message));
        if (full) await full;
        if (res.destroyed) throw call.signal.reason ?? new ConnectError("closed", Code.Canceled);
      }
    } else {
      const pending = (entry.impl as Unary)(input, ctx);
      const message = await (timer ? untilAborted(pending, call.signal) : pending);
      observer?.response(message);
      const full = sink.send(encode(message));
      if (full) await full;
    }
  } catch (err) {
    error = ConnectError.from(err);
  }
  done = true;
  clearTimeout(timer);
  active.delete(call);
  res.off("close", gone);
  observer?.end(error);
  try {
    sink.finish(error);
  } catch {
    // A header or trailer value the transport refused: nothing more can be sent.
    res.destroy();
  }
}

function decode(
  schema: DescMessage,
  wire: Wire,
  bytes: Uint8Array,
  registry: Registry | undefined,
): unknown {
  // The codes and messages connect-node's serialization gives.
  if (wire.binary) {
    try {
      return fromBinary(schema, bytes);
    } catch (err) {
      throw new ConnectError(`parse binary: ${(err as Error).message}`, Code.Internal);
    }
  }
  try {
    if (bytes.byteLength === 0) return create(schema);
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
    return fromJsonString(schema, text, { registry, ignoreUnknownFields: true });
  } catch (err) {
    throw ConnectError.from(err, Code.InvalidArgument);
  }
}

/** Implementations may return init objects, as with connect-node: made into messages here. */
function encoders(
  schema: DescMessage,
  fast: MessageEncoder | undefined,
  registry: Registry | undefined,
): Entry["encode"] {
  const message = (m: unknown) =>
    isMessage(m, schema) ? m : create(schema, m as MessageInitShape<DescMessage>);
  return {
    binary: (m) => (fast ? fast(message(m)) : toBinary(schema, message(m))),
    json: (m) => Buffer.from(toJsonString(schema, message(m), { registry })),
  };
}

function untilAborted<T>(pending: Promise<T> | T, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(pending).then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

/** Connect's handler context; the headers and values are made only when read. */
function context(
  method: DescMethod,
  wire: Wire,
  req: Request,
  signal: AbortSignal,
  meta: Metadata,
  deadline: number | undefined,
  sink: ResponseSink,
): HandlerContext {
  let requestHeader: Headers | undefined;
  let values: ContextValues | undefined;
  return {
    method,
    service: method.parent,
    signal,
    requestMethod: "POST",
    protocolName: wire.protocol,
    url: req.url ?? "",
    timeoutMs: () => (deadline === undefined ? undefined : deadline - Date.now()),
    get requestHeader() {
      requestHeader ??= headersOf(req);
      return requestHeader;
    },
    get responseHeader() {
      meta.header ??= new Headers();
      return meta.header;
    },
    get responseTrailer() {
      meta.trailer ??= new Headers();
      return meta.trailer;
    },
    get values() {
      values ??= createContextValues().set(sendHeadersKey, () => sink.open());
      return values;
    },
  };
}

function headersOf(req: Request): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (!name.startsWith(":")) headers.append(name, raw[i + 1]!);
  }
  return headers;
}

/** The hot path as a stage of the HTTP path: what it does not take goes on to the next stage. */
export function hotPath(handler: RpcHandler): Stage {
  return (next) => (req, res) => {
    if (!handler(req, res)) next(req, res);
  };
}
