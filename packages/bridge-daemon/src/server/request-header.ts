import type * as http from "node:http";
import type * as http2 from "node:http2";

/** A request as both of the daemon's HTTP versions hand it over. */
type AnyRequest = http.IncomingMessage | http2.Http2ServerRequest;

/** A header's first value: Node gives repeated headers as an array. */
export function firstHeader(req: AnyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The host a request names: HTTP/2's `:authority`, else HTTP/1.1's Host. */
export function authorityOf(req: AnyRequest): string | undefined {
  return "authority" in req && req.authority ? req.authority : firstHeader(req, "host");
}
