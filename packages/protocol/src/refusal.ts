import type * as http from "node:http";
import type { ConnectError } from "@connectrpc/connect";
import { endOfCall } from "./end-of-call.js";
import { framingOf, mediaType, protocolOf } from "./framing.js";
import type { Response } from "./http-types.js";
import { connectUnaryError } from "./protocol-connect/connect-wire.js";

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
  const framing = framingOf(contentType);
  if (framing === undefined || framing === "connect-unary") {
    return {
      ...connectUnaryError(error),
      headers: { "content-type": "application/json" },
      trailers: undefined,
    };
  }
  const end = endOfCall(protocolOf(framing), new Headers(), error);
  return {
    status: 200,
    headers: { "content-type": mediaType(contentType) },
    trailers: end.trailers,
    body: end.body ?? new Uint8Array(0),
  };
}

/** Writes {@link rpcRefusal}'s answer for a request's protocol and ends the response. */
export function sendRefusal(
  res: Response,
  contentType: string | undefined,
  error: ConnectError,
): void {
  const refusal = rpcRefusal(contentType, error);
  const out = res as http.ServerResponse;
  out.writeHead(refusal.status, refusal.headers);
  if (refusal.trailers) out.addTrailers(refusal.trailers);
  out.end(refusal.body);
}
