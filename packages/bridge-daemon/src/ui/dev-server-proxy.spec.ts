import assert from "node:assert/strict";
import { it } from "node:test";
import { forwardedHeaders } from "./dev-server-proxy.js";

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
