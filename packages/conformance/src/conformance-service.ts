import { create, type DescMessage, type MessageShape } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import {
  type ConformancePayload_RequestInfo,
  ConformancePayload_RequestInfoSchema,
  type ConformanceService,
  type Error as ErrorDefinition,
  type Header,
  IdempotentUnaryRequestSchema,
  ServerStreamRequestSchema,
  UnaryRequestSchema,
  type UnaryResponseDefinition,
} from "./gen/connectrpc/conformance/v1/service_pb.js";

/**
 * The conformance suite's service, unary and server-streaming, as its
 * reference servers implement it: echo what arrived (headers, deadline,
 * request), answer with the headers, data, trailers, delays and error the
 * request defines. Client and bidi streaming are not on the hot path.
 */
export function createConformanceService(): Partial<ServiceImpl<typeof ConformanceService>> {
  return {
    unary: (req, ctx) => answerUnary(ctx, requestInfo(ctx, UnaryRequestSchema, req), req),
    idempotentUnary: (req, ctx) =>
      answerUnary(ctx, requestInfo(ctx, IdempotentUnaryRequestSchema, req), req),
    async *serverStream(req, ctx) {
      const def = req.responseDefinition;
      const info = requestInfo(ctx, ServerStreamRequestSchema, req);
      setMetadata(ctx, def?.responseHeaders, def?.responseTrailers);
      let sent = 0;
      for (const data of def?.responseData ?? []) {
        if (def?.responseDelayMs) await delay(def.responseDelayMs, ctx.signal);
        // The request's echo goes with the first message only.
        yield { payload: { data, requestInfo: sent === 0 ? info : undefined } };
        sent++;
      }
      if (def?.error) throw toConnectError(def.error, sent === 0 ? info : undefined);
    },
    unimplemented() {
      throw new ConnectError(
        "ConformanceService.Unimplemented is not implemented",
        Code.Unimplemented,
      );
    },
  };
}

/** Unary and IdempotentUnary alike: metadata, delay, then the data or the error. */
async function answerUnary(
  ctx: HandlerContext,
  info: ConformancePayload_RequestInfo,
  req: { responseDefinition?: UnaryResponseDefinition },
) {
  const def = req.responseDefinition;
  setMetadata(ctx, def?.responseHeaders, def?.responseTrailers);
  if (def?.responseDelayMs) await delay(def.responseDelayMs, ctx.signal);
  if (def?.response.case === "error") throw toConnectError(def.response.value, info);
  const data = def?.response.case === "responseData" ? def.response.value : undefined;
  return { payload: { data, requestInfo: info } };
}

function requestInfo<Desc extends DescMessage>(
  ctx: HandlerContext,
  schema: Desc,
  req: MessageShape<Desc>,
): ConformancePayload_RequestInfo {
  const timeout = ctx.timeoutMs();
  return create(ConformancePayload_RequestInfoSchema, {
    requestHeaders: [...ctx.requestHeader].map(([name, value]) => ({ name, value: [value] })),
    timeoutMs: timeout === undefined ? undefined : BigInt(Math.max(0, Math.round(timeout))),
    requests: [anyPack(schema, req)],
  });
}

function setMetadata(ctx: HandlerContext, headers: Header[] = [], trailers: Header[] = []) {
  for (const h of headers) for (const v of h.value) ctx.responseHeader.append(h.name, v);
  for (const h of trailers) for (const v of h.value) ctx.responseTrailer.append(h.name, v);
}

function toConnectError(def: ErrorDefinition, info: ConformancePayload_RequestInfo | undefined) {
  const error = new ConnectError(def.message ?? "", def.code as number as Code);
  if (info) error.details.push({ desc: ConformancePayload_RequestInfoSchema, value: info });
  for (const any of def.details) {
    error.details.push({
      type: any.typeUrl.slice(any.typeUrl.lastIndexOf("/") + 1),
      value: any.value,
      debug: undefined,
    });
  }
  return error;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
