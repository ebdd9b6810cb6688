import type * as http from "node:http";
import { Code, ConnectError } from "@connectrpc/connect";
import { errorToJsonBytes } from "@connectrpc/connect/protocol-connect";
import { framingOf } from "./framing.js";
import type { Request, Response } from "./http-types.js";
import { negotiate } from "./negotiate.js";
import { sendRefusal } from "./refusal.js";

/**
 * Answers a request the hot path did not take, for a server that has
 * nothing behind it (the conformance server; the daemon has connect-node):
 * 405 for another verb, 415 for a type no protocol has, UNIMPLEMENTED for
 * an unknown method or a compression, each in the caller's protocol.
 */
export function refuseUntaken(
  req: Request,
  res: Response,
  method: (path: string) => { streaming: boolean } | undefined,
): void {
  const out = res as http.ServerResponse;
  const type = req.headers["content-type"];
  const framing = framingOf(type);
  if (req.method !== "POST") return void out.writeHead(405, { allow: "POST" }).end();
  if (!framing) return void out.writeHead(415).end();
  const known = method(req.url ?? "");
  if (!known) {
    const error = new ConnectError(`${req.url} is not implemented`, Code.Unimplemented);
    if (framing === "grpc" || framing === "grpc-web") return void sendRefusal(out, type, error);
    // Connect: 404 whatever the stream type (as connect-go and connect-node).
    return void out
      .writeHead(404, { "content-type": "application/json" })
      .end(errorToJsonBytes(error, undefined));
  }
  const streaming = known.streaming;
  const encoding = ["grpc-encoding", "connect-content-encoding", "content-encoding"]
    .map((name) => req.headers[name])
    .find((v) => v !== undefined && v !== "identity");
  if (encoding !== undefined) {
    const error = new ConnectError(
      `compression "${encoding}" is not supported`,
      Code.Unimplemented,
    );
    return void sendRefusal(out, type, error);
  }
  if (
    !negotiate(
      { ...req.headers, "grpc-timeout": undefined, "connect-timeout-ms": undefined },
      streaming,
    )
  ) {
    return void out.writeHead(415).end();
  }
  sendRefusal(out, type, new ConnectError("invalid deadline", Code.InvalidArgument));
}
