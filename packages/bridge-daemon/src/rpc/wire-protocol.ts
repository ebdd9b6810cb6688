import type { IncomingHttpHeaders } from "node:http";
import * as connect from "@connectrpc/connect/protocol-connect";
import * as grpc from "@connectrpc/connect/protocol-grpc";
import * as grpcWeb from "@connectrpc/connect/protocol-grpc-web";

/** The three RPC protocols, as they frame a call on the wire. */
export type Protocol = "grpc" | "grpc-web" | "connect";

/** How a Content-Type frames a call: the protocol, and for Connect its unary or streaming form. */
export type Framing = "grpc-web" | "grpc" | "connect-stream" | "connect-unary";

/** A Content-Type's media type, lower case, without parameters. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * The framing a request's Content-Type names, as connect-node tells them
 * apart; undefined for a type no protocol has. The one place the daemon
 * reads it: the hot path, its refusals and the conformance server's.
 */
export function framingOf(contentType: string | undefined): Framing | undefined {
  const type = mediaType(contentType);
  if (type.startsWith("application/grpc-web")) return "grpc-web";
  if (type.startsWith("application/grpc")) return "grpc";
  if (type.startsWith("application/connect+")) return "connect-stream";
  if (type.startsWith("application/proto") || type.startsWith("application/json")) {
    return "connect-unary";
  }
  return undefined;
}

/** The protocol of a framing. */
export function protocolOf(framing: Framing): Protocol {
  return framing === "connect-stream" || framing === "connect-unary" ? "connect" : framing;
}

/** How one request is framed: what {@link negotiate} read from its headers. */
export interface Wire {
  protocol: Protocol;
  /** Connect's unary form: the body is the message itself, errors are JSON with an HTTP status. */
  bare: boolean;
  /** The proto codec; else JSON. */
  binary: boolean;
  /** Echoed on the response, as connect-node does. */
  contentType: string;
  /** The client's deadline, if it sent one. */
  timeoutMs: number | undefined;
}

/** The longest deadline a client may ask for (as connect-node: no limit). */
const MAX_TIMEOUT_MS = Number.MAX_SAFE_INTEGER;

/**
 * Reads the protocol, codec and deadline of a POST from its headers; for
 * anything else (compression, gRPC-Web text, Connect GET, a stream type the
 * method does not have, a malformed deadline) it returns undefined and the
 * request goes to connect-node, which serves or refuses it as before.
 */
export function negotiate(headers: IncomingHttpHeaders, streaming: boolean): Wire | undefined {
  const contentType = headers["content-type"];
  if (contentType === undefined) return undefined;
  const type = contentType.toLowerCase();
  const framing = framingOf(contentType);
  if (framing === "grpc-web") {
    const parsed = grpcWeb.parseContentType(type);
    if (!parsed || parsed.text || !identity(headers["grpc-encoding"])) return undefined;
    return withTimeout(
      "grpc-web",
      false,
      parsed.binary,
      contentType,
      grpc.parseTimeout,
      headers["grpc-timeout"],
    );
  }
  if (framing === "grpc") {
    const parsed = grpc.parseContentType(type);
    if (!parsed || !identity(headers["grpc-encoding"])) return undefined;
    return withTimeout(
      "grpc",
      false,
      parsed.binary,
      contentType,
      grpc.parseTimeout,
      headers["grpc-timeout"],
    );
  }
  const parsed = connect.parseContentType(type);
  if (!parsed || parsed.stream !== streaming) return undefined;
  const version = headers["connect-protocol-version"];
  if (version !== undefined && version !== "1") return undefined;
  const encoding = parsed.stream
    ? headers["connect-content-encoding"]
    : headers["content-encoding"];
  if (!identity(encoding)) return undefined;
  const timeout = headers["connect-timeout-ms"];
  return withTimeout(
    "connect",
    !parsed.stream,
    parsed.binary,
    contentType,
    connect.parseTimeout,
    timeout,
  );
}

function identity(encoding: string | string[] | undefined): boolean {
  return encoding === undefined || encoding === "identity";
}

function withTimeout(
  protocol: Protocol,
  bare: boolean,
  binary: boolean,
  contentType: string,
  parse: typeof grpc.parseTimeout,
  header: string | string[] | undefined,
): Wire | undefined {
  if (header === undefined) return { protocol, bare, binary, contentType, timeoutMs: undefined };
  if (typeof header !== "string") return undefined;
  const { timeoutMs, error } = parse(header, MAX_TIMEOUT_MS);
  if (error) return undefined;
  return { protocol, bare, binary, contentType, timeoutMs };
}
