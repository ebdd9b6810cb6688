import { create, type DescMessage } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  type CallResponse,
  CallResponseSchema,
  type CallStreamResponse,
  CallStreamResponseSchema,
  type HttpService,
} from "@ddbridge/proto";
import type { BackendClient, BackendRequest } from "../backend/backend-client.js";
import type { MessageEncoder } from "../rpc/rpc-handler.js";
import { callResponseOf, encodeCallResponse } from "./call-response-wire.js";

/** Limits of the HTTP service. */
/** The hot path's encoder of `HttpService.Call`'s response: the body goes out in its parts, not joined. */
export const HTTP_ENCODERS: ReadonlyMap<DescMessage, MessageEncoder> = new Map([
  [CallResponseSchema, encodeCallResponse],
]);

export interface HttpServiceOptions {
  /** The backend client; absent when the extension declares no backend socket. */
  backend: BackendClient | undefined;
  /** Largest request or (unary) response body, in bytes. */
  maxBodyBytes: number;
  /** Time allowed for the backend's response head, and between body chunks of a unary call. */
  timeoutMs: number;
}

/** Implements `ddbridge.v1.HttpService` by forwarding to the backend socket. */
export function createHttpService(options: HttpServiceOptions): ServiceImpl<typeof HttpService> {
  const backendFor = (req: BackendRequest): BackendClient => {
    if (!options.backend) {
      throw new ConnectError(
        "the extension declares no backend service (metadata.json vm.exposes.socket) and no --socket was given",
        Code.FailedPrecondition,
      );
    }
    if (req.body.byteLength > options.maxBodyBytes) {
      throw new ConnectError(
        `request body of ${req.body.byteLength} bytes exceeds the limit of ${options.maxBodyBytes} bytes (--max-body)`,
        Code.ResourceExhausted,
      );
    }
    return options.backend;
  };

  return {
    async call(req, ctx): Promise<CallResponse> {
      const backend = backendFor(req);
      // Errors arrive mapped to gRPC codes by the backend client. undici bounds
      // the wait for the head (pool headersTimeout) and between body chunks
      // (bodyTimeout): cheaper than a timer signal per call.
      const res = await backend.send(req, ctx.signal, options.timeoutMs);
      const declared = Number(res.headers.find((h) => h.name === "content-length")?.value);
      if (declared > options.maxBodyBytes) {
        res.discard();
        throw tooLarge(options.maxBodyBytes);
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += chunk.byteLength;
        if (size > options.maxBodyBytes) {
          res.discard();
          throw tooLarge(options.maxBodyBytes);
        }
        chunks.push(chunk);
      }
      return callResponseOf(res, chunks, size);
    },

    async *callStream(req, ctx): AsyncGenerator<CallStreamResponse> {
      const backend = backendFor(req);
      const res = await backend.send(req, ctx.signal);
      try {
        yield create(CallStreamResponseSchema, {
          part: {
            case: "head",
            value: { status: res.status, reason: res.reason, headers: res.headers },
          },
        });
        for await (const chunk of res.body) {
          yield create(CallStreamResponseSchema, { part: { case: "body", value: chunk } });
        }
      } finally {
        res.discard();
      }
    },
  };
}

function tooLarge(limit: number) {
  return new ConnectError(
    `response body exceeds the limit of ${limit} bytes (--max-body); use HttpService.CallStream for large bodies`,
    Code.ResourceExhausted,
  );
}
