import type { DescService } from "@bufbuild/protobuf";
import { ConnectError } from "@connectrpc/connect";
import {
  type EnvelopeRule,
  envelopeHeadProblem,
  sendRefusal,
  singleMessage,
} from "@ddbridge/protocol";
import type { Handler, Request, Stage } from "./http-handler.js";
import { readBody } from "./read-body.js";

/** The paths of methods that take one request message (unary and server-streaming). */
export function oneMessagePaths(services: readonly DescService[]): Set<string> {
  const paths = new Set<string>();
  for (const service of services) {
    for (const method of service.methods) {
      if (method.methodKind === "unary" || method.methodKind === "server_streaming") {
        paths.add(`/${service.typeName}/${method.name}`);
      }
    }
  }
  return paths;
}

/**
 * Puts the hot path's envelope rule ({@link singleMessage}) in front of
 * connect-node, so that both paths answer a malformed request alike: before,
 * connect-node ran calls whose message was flagged end-stream or trailer,
 * and the two disagreed on a length prefix past the limit. The body of a
 * one-message method is read whole (as connect-node does for them anyway),
 * checked, and handed on. Bidi streams (reflection) and bodies that are no
 * binary envelopes (Connect unary, gRPC-Web text) pass untouched.
 */
export function withEnvelopeRule(
  handler: Handler,
  paths: ReadonlySet<string>,
  readMaxBytes: number,
): Handler {
  return (req, res) => {
    const rule =
      req.method === "POST" && paths.has(req.url ?? "") ? ruleFor(req, readMaxBytes) : undefined;
    if (!rule) return handler(req, res);
    readBody(req, readMaxBytes + 5, (head) => envelopeHeadProblem(head, rule)).then(
      (body) => {
        try {
          singleMessage(body, rule);
        } catch (err) {
          return sendRefusal(res, req.headers["content-type"], ConnectError.from(err));
        }
        replay(req, body);
        handler(req, res);
      },
      (err: unknown) => {
        if (res.headersSent || res.destroyed) return;
        sendRefusal(res, req.headers["content-type"], ConnectError.from(err));
      },
    );
  };
}

/** The rule for an enveloped binary body, or undefined for any other framing. */
function ruleFor(req: Request, readMaxBytes: number): EnvelopeRule | undefined {
  const type = (req.headers["content-type"] ?? "").toLowerCase();
  let encoding: string | string[] | undefined;
  if (type.startsWith("application/grpc-web-text")) return undefined;
  if (type.startsWith("application/grpc")) encoding = req.headers["grpc-encoding"];
  else if (type.startsWith("application/connect+")) {
    encoding = req.headers["connect-content-encoding"];
  } else return undefined;
  return { readMaxBytes, compressed: encoding !== undefined && encoding !== "identity" };
}

/**
 * Serves the body again to connect-node, which reads a request as an async
 * iterable (connect-node's `asyncIterableFromNodeServerRequest`); the
 * envelope-rule test fails if that ever changes.
 */
function replay(req: Request, body: Buffer): void {
  Object.defineProperty(req, Symbol.asyncIterator, {
    configurable: true,
    value: async function* () {
      yield body;
    },
  });
}

/** {@link withEnvelopeRule} as a stage of the HTTP path. */
export function envelopeRule(paths: ReadonlySet<string>, readMaxBytes: number): Stage {
  return (next) => withEnvelopeRule(next, paths, readMaxBytes);
}
