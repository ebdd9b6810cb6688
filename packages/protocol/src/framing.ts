import { type ConnectForm, connectForm } from "./protocol-connect/connect-wire.js";
import { isGrpcType } from "./protocol-grpc/grpc-wire.js";
import { isGrpcWebType } from "./protocol-grpc-web/grpc-web-wire.js";

/** The three RPC protocols, as they frame a call on the wire. */
export type Protocol = "grpc" | "grpc-web" | "connect";

/** How a Content-Type frames a call: the protocol, and for Connect its unary or streaming form. */
export type Framing = "grpc-web" | "grpc" | ConnectForm;

/** A Content-Type's media type, lower case, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * The framing a request's Content-Type names, as connect-node tells them
 * apart; undefined for a type no protocol has ("not mine"). Each protocol's
 * folder owns its own test; this is the one place they are asked.
 */
export function framingOf(contentType: string | undefined): Framing | undefined {
  const type = mediaType(contentType);
  if (isGrpcWebType(type)) return "grpc-web";
  if (isGrpcType(type)) return "grpc";
  return connectForm(type);
}

/** The protocol of a framing. */
export function protocolOf(framing: Framing): Protocol {
  return framing === "connect-stream" || framing === "connect-unary" ? "connect" : framing;
}
