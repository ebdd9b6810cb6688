import type * as http from "node:http";
import type * as http2 from "node:http2";
import { type ContextValues, createContextValues } from "@connectrpc/connect";
import { respecGrpcMessage } from "./grpc-status.js";
import { sendHeadersKey } from "./send-headers.js";
import { negotiate } from "./wire-protocol.js";

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;
type Headers = Record<string, unknown>;

const RPC_STREAM = /^application\/(grpc|connect\+)/i;

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
      // Only gRPC, gRPC-Web and Connect streams have a grpc-message or headers to send early:
      // the UI's pages and the dev server's answers pass untouched.
      if (!RPC_STREAM.test(req.headers["content-type"] ?? "")) return;
      responses.set(req, res);
      const out = res as http.ServerResponse;
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

function respec(headers: Headers): void {
  const message = headers["grpc-message"];
  if (typeof message === "string") headers["grpc-message"] = respecGrpcMessage(message);
}
