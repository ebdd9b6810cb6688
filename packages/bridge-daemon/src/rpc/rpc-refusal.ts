import type * as http from "node:http";
import type * as http2 from "node:http2";
import type { ConnectError } from "@connectrpc/connect";
import { encodeEnvelope } from "@connectrpc/connect/protocol";
import {
  codeToHttpStatus,
  endStreamFlag,
  endStreamToJson,
  errorToJsonBytes,
} from "@connectrpc/connect/protocol-connect";
import { trailerFlag, trailerSerialize } from "@connectrpc/connect/protocol-grpc-web";
import { setGrpcStatus } from "./grpc-status.js";

/** An RPC error response, written before the request's body is read. */
export interface RpcRefusal {
  status: number;
  headers: Record<string, string>;
  /** gRPC sends the status as HTTP trailers; the other protocols in the body. */
  trailers: Record<string, string> | undefined;
  body: Uint8Array;
}

/**
 * The error response a client of the request's protocol reads as `error`,
 * chosen by its Content-Type as connect-node would (gRPC, gRPC-Web, Connect
 * streaming, else Connect unary). Built from connect's own protocol helpers,
 * so the gate answers exactly like the interceptor behind it.
 */
export function rpcRefusal(contentType: string | undefined, error: ConnectError): RpcRefusal {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type.startsWith("application/grpc-web")) {
    const trailer = trailerSerialize(setGrpcStatus(new Headers(), error));
    return {
      status: 200,
      headers: { "content-type": type },
      trailers: undefined,
      body: encodeEnvelope(trailerFlag, trailer),
    };
  }
  if (type.startsWith("application/grpc")) {
    return {
      status: 200,
      headers: { "content-type": type },
      trailers: Object.fromEntries(setGrpcStatus(new Headers(), error)),
      body: new Uint8Array(0),
    };
  }
  if (type.startsWith("application/connect+")) {
    const end = JSON.stringify(endStreamToJson(new Headers(), error, undefined));
    return {
      status: 200,
      headers: { "content-type": type },
      trailers: undefined,
      body: encodeEnvelope(endStreamFlag, new TextEncoder().encode(end)),
    };
  }
  return {
    status: codeToHttpStatus(error.code),
    headers: { "content-type": "application/json" },
    trailers: undefined,
    body: errorToJsonBytes(error, undefined),
  };
}

/** Writes {@link rpcRefusal}'s answer for a request's protocol and ends the response. */
export function sendRefusal(
  res: http.ServerResponse | http2.Http2ServerResponse,
  contentType: string | undefined,
  error: ConnectError,
): void {
  const refusal = rpcRefusal(contentType, error);
  const out = res as http.ServerResponse;
  out.writeHead(refusal.status, refusal.headers);
  if (refusal.trailers) out.addTrailers(refusal.trailers);
  out.end(refusal.body);
}
