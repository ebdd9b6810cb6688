import assert from "node:assert/strict";
import { it } from "node:test";
import { forwardedHeaders, ownCookieHeader } from "./dev-server-proxy.js";

it("drops hop-by-hop headers and those Connection names, and puts the daemon's security headers over the dev server's", () => {
  const out = forwardedHeaders({
    connection: "keep-alive, X-Private",
    "keep-alive": "timeout=5",
    "transfer-encoding": "chunked",
    upgrade: "h2c",
    te: "trailers",
    "x-private": "hop",
    "content-type": "text/html",
    "x-frame-options": "ALLOWALL",
    "content-security-policy": "script-src 'self'",
    "set-cookie": ["a=1", "b=2"],
  });
  assert.deepEqual(out, {
    "content-type": "text/html",
    "x-frame-options": "DENY",
    "content-security-policy": ["script-src 'self'", "frame-ancestors 'none'"],
    "set-cookie": ["a=1", "b=2"],
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
});

it("passes back only the cookies the dev server set", () => {
  const own = new Set(["vite_session", "flag"]);
  assert.equal(ownCookieHeader("a=1; vite_session=abc; flag; b=2", own), "vite_session=abc; flag");
  assert.equal(ownCookieHeader("a=1", own), undefined);
  assert.equal(ownCookieHeader(undefined, own), undefined);
});
