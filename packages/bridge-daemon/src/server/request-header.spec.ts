import assert from "node:assert/strict";
import type * as http from "node:http";
import type * as http2 from "node:http2";
import { it } from "node:test";
import { authorityOf, firstHeader } from "./request-header.js";

const h1 = (headers: http.IncomingHttpHeaders) => ({ headers }) as http.IncomingMessage;

it("takes a header's first value, and the authority of either HTTP version", () => {
  const req = h1({ host: "ext.localhost:7799", "x-many": ["a", "b"] as unknown as string });
  assert.equal(firstHeader(req, "x-many"), "a");
  assert.equal(firstHeader(req, "missing"), undefined);
  assert.equal(authorityOf(req), "ext.localhost:7799");
  const h2 = { headers: { host: "other" }, authority: "ext.localhost:7799" };
  assert.equal(authorityOf(h2 as unknown as http2.Http2ServerRequest), "ext.localhost:7799");
  const noAuthority = { headers: { host: "fallback:1" }, authority: "" };
  assert.equal(authorityOf(noAuthority as unknown as http2.Http2ServerRequest), "fallback:1");
});
