import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type BrowserRequest, checkBrowserRequest } from "./browser-guard.js";

const policy = {
  allowOrigins: new Set(["http://localhost:5173"]),
  allowHosts: new Set(["devbox"]),
};
const req = (r: Partial<BrowserRequest>): BrowserRequest => ({
  method: "POST",
  host: "127.0.0.1:7799",
  origin: undefined,
  preflightMethod: undefined,
  ...r,
});

describe("checkBrowserRequest", () => {
  it("allows IP literals, localhost and --allow-host names; refuses other DNS names", () => {
    for (const host of [
      "127.0.0.1:7799",
      "[::1]:7799",
      "localhost:7799",
      "app.localhost",
      "devbox:7799",
      "10.0.0.2",
    ]) {
      assert.equal(checkBrowserRequest(policy, req({ host })).kind, "allow", host);
    }
    for (const host of ["evil.example:7799", "127.0.0.1.nip.io:7799", "localhost.evil.example"]) {
      const d = checkBrowserRequest(policy, req({ host }));
      assert.equal(d.kind, "refuse", host);
      assert.equal(d.kind === "refuse" && d.status, 421);
    }
  });

  it("allows no Origin (non-browser clients) and the daemon's own origin without CORS headers", () => {
    assert.deepEqual(checkBrowserRequest(policy, req({})), { kind: "allow", headers: {} });
    assert.deepEqual(checkBrowserRequest(policy, req({ origin: "http://127.0.0.1:7799" })), {
      kind: "allow",
      headers: {},
    });
  });

  it("answers allowed cross-origin requests with CORS headers, refuses the others", () => {
    const ok = checkBrowserRequest(policy, req({ origin: "http://localhost:5173" }));
    assert.equal(ok.kind, "allow");
    assert.equal(
      ok.kind === "allow" && ok.headers["access-control-allow-origin"],
      "http://localhost:5173",
    );
    assert.match(
      ok.kind === "allow" ? ok.headers["access-control-expose-headers"]! : "",
      /Grpc-Status/i,
    );
    for (const origin of [
      "http://evil.example",
      "null",
      "http://localhost:5174",
      "http://127.0.0.1:7798",
    ]) {
      const d = checkBrowserRequest(policy, req({ origin }));
      assert.equal(d.kind, "refuse", origin);
      assert.equal(d.kind === "refuse" && d.status, 403);
    }
  });

  it("answers preflights for allowed origins with methods and headers including Authorization", () => {
    const d = checkBrowserRequest(
      policy,
      req({ method: "OPTIONS", origin: "http://localhost:5173", preflightMethod: "POST" }),
    );
    assert.equal(d.kind, "preflight");
    assert.match(
      d.kind === "preflight" ? d.headers["access-control-allow-headers"]! : "",
      /Authorization/,
    );
    assert.equal(
      checkBrowserRequest(
        policy,
        req({ method: "OPTIONS", origin: "http://evil.example", preflightMethod: "POST" }),
      ).kind,
      "refuse",
    );
  });
});
