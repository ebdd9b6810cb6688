import type { IncomingHttpHeaders } from "node:http";
import * as connect from "@connectrpc/connect/protocol-connect";
import * as grpc from "@connectrpc/connect/protocol-grpc";
import * as grpcWeb from "@connectrpc/connect/protocol-grpc-web";
import { framingOf, type Protocol } from "./framing.js";

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
