import type * as http from "node:http";
import type * as http2 from "node:http2";

/** A request on either HTTP version, as node:http and node:http2's compat API give it. */
export type Request = http.IncomingMessage | http2.Http2ServerRequest;
export type Response = http.ServerResponse | http2.Http2ServerResponse;
