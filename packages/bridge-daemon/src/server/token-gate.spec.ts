import assert from "node:assert/strict";
import type * as http from "node:http";
import { describe, it } from "node:test";
import { withTokenGate } from "./token-gate.js";

const TOKEN = "t".repeat(40);
const SERVICES = ["ddbridge.v1.Exec", "grpc.health.v1.Health"];

/** Runs the gate on a request with these headers; says whether it passed it on, and what it wrote. */
function gate(url: string, headers: Record<string, string>) {
  let passed = false;
  const written: { status?: number; trailers?: Record<string, string>; body?: Uint8Array } = {};
  const res = {
    writeHead(status: number) {
      written.status = status;
      return res;
    },
    addTrailers(t: Record<string, string>) {
      written.trailers = t;
    },
    end(body: Uint8Array) {
      written.body = body;
    },
  };
  withTokenGate(
    () => {
      passed = true;
    },
    TOKEN,
    SERVICES,
  )({ url, headers } as unknown as http.IncomingMessage, res as unknown as http.ServerResponse);
  return { passed, written };
}

describe("withTokenGate", () => {
  it("passes an RPC with the token on, and answers one without it at once", () => {
    const ok = gate("/ddbridge.v1.Exec/Run", { authorization: `Bearer ${TOKEN}` });
    assert.equal(ok.passed, true);
    const refused = gate("/ddbridge.v1.Exec/Run", { "content-type": "application/grpc" });
    assert.equal(refused.passed, false);
    assert.equal(refused.written.trailers?.["grpc-status"], "16");
  });

  it("leaves health checks and paths that are no RPC (the UI) alone", () => {
    assert.equal(gate("/grpc.health.v1.Health/Check", {}).passed, true);
    assert.equal(gate("/", {}).passed, true);
    assert.equal(gate("/assets/app.js", {}).passed, true);
    assert.equal(gate("/ddbridge.v1.Exec", {}).passed, true, "no method: connect's 404");
  });
});
