import type * as http from "node:http";
import type { Handler, Stage } from "../rpc/http-handler.js";

/**
 * Guards connect-node's request handler against requests it would crash the
 * process on. connect-node builds `new URL(path, "http://" + authority)`
 * synchronously and outside any promise, so a missing Host (HTTP/1.0) or an
 * authority that is not a host (grpc-python on a unix socket sends
 * "tmp%2Fd.sock") throws an uncaught error. The daemon does no virtual
 * hosting, so such an authority is replaced with "localhost"; anything else
 * thrown synchronously is answered 400 instead of taking the daemon down.
 */
export function withSafeAuthority(handler: Handler, onError: (err: unknown) => void): Handler {
  return (req, res) => {
    const h2 = "authority" in req;
    const authority = h2 ? req.authority : req.headers.host;
    if (!authority || !URL.canParse(`http://${authority}`)) {
      if (h2) req.headers[":authority"] = "localhost";
      else req.headers.host = "localhost";
    }
    try {
      handler(req, res);
    } catch (err) {
      onError(err);
      if (!res.headersSent) (res as http.ServerResponse).writeHead(400);
      res.end();
    }
  };
}

/** {@link withSafeAuthority} as a stage of the HTTP path. */
export function safeAuthority(onError: (err: unknown) => void): Stage {
  return (next) => withSafeAuthority(next, onError);
}
