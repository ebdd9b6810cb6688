import assert from "node:assert/strict";
import * as http2 from "node:http2";
import { after, before, describe, it } from "node:test";
import { create, toBinary } from "@bufbuild/protobuf";
import { RunRequestSchema, Target } from "@ddbridge/client";
import * as grpcJsStubs from "@ddbridge/client/grpc-js";
import { startBridge, type TestBridge, TOKEN } from "@ddbridge/testing";
import * as grpc from "@grpc/grpc-js";
import { timedCall } from "./timed-call.js";

/**
 * What any gRPC user expects of the wire, on both of the daemon's paths (the
 * hot path and connect-node): an `Exec.Run` stream's response headers as soon
 * as the command has started, and `grpc-message` readable as sent.
 */
const QUIET_S = 2;
const run = toBinary(
  RunRequestSchema,
  create(RunRequestSchema, { target: Target.HOST, command: "quiet-then", args: [String(QUIET_S)] }),
);
const enveloped = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), run]);
enveloped.writeUInt32BE(run.byteLength, 1);

const PROTOCOLS = [
  { name: "gRPC", h2: true, contentType: "application/grpc" },
  { name: "gRPC-Web over HTTP/1.1", h2: false, contentType: "application/grpc-web+proto" },
  { name: "gRPC-Web over HTTP/2", h2: true, contentType: "application/grpc-web+proto" },
  { name: "Connect over HTTP/1.1", h2: false, contentType: "application/connect+proto" },
  { name: "Connect over HTTP/2", h2: true, contentType: "application/connect+proto" },
] as const;

for (const fastPath of [true, false]) {
  describe(`the wire as gRPC users expect it (${fastPath ? "hot path" : "connect-node path"})`, () => {
    let bridge: TestBridge;
    before(async () => {
      bridge = await startBridge({ fastPath });
    });
    after(() => bridge.close());

    it("Exec.Run: headers as soon as the command runs, not with its first output", async () => {
      // Concurrently: the five calls share the command's quiet seconds.
      const timings = await Promise.all(
        PROTOCOLS.map((p) => timedCall(bridge.url, p.h2, p.contentType, enveloped)),
      );
      PROTOCOLS.forEach((p, i) => {
        const t = timings[i]!;
        assert.equal(t.status, 200, p.name);
        assert.match(t.body.toString("latin1"), /done/, `${p.name}: the output came`);
        // The command is silent for 2 s: headers long before the end show they did not wait.
        assert.ok(t.headersMs >= 0, `${p.name}: no headers`);
        assert.ok(
          t.endMs - t.headersMs > (QUIET_S * 1000) / 2,
          `${p.name}: headers at ${t.headersMs.toFixed(0)} ms, end at ${t.endMs.toFixed(0)} ms`,
        );
      });
    });

    it("a command that cannot start fails with its code, and no message before it", async () => {
      const bad = toBinary(
        RunRequestSchema,
        create(RunRequestSchema, { target: Target.HOST, command: "no-such-binary" }),
      );
      const body = Buffer.concat([Buffer.from([0, 0, 0, 0, bad.byteLength]), bad]);
      const session = http2.connect(bridge.url);
      try {
        const { status, data } = await new Promise<{ status: unknown; data: number }>(
          (resolve, reject) => {
            const req = session.request({
              ":method": "POST",
              ":path": "/ddbridge.v1.Exec/Run",
              "content-type": "application/grpc",
              authorization: `Bearer ${TOKEN}`,
            });
            let status: unknown;
            let data = 0;
            req.on("response", (h) => {
              status ??= h["grpc-status"];
            });
            req.on("trailers", (h) => {
              status ??= h["grpc-status"];
            });
            req.on("data", (c: Buffer) => {
              data += c.byteLength;
            });
            req.on("end", () => resolve({ status, data }));
            req.on("error", reject);
            req.end(body);
          },
        );
        assert.equal(status, "5");
        assert.equal(data, 0);
      } finally {
        session.close();
      }
    });

    it("grpc-js reads grpc-message as the daemon wrote it (no %3A, no %2C)", async () => {
      const address = bridge.url.replace("http://", "");
      const exec = new grpcJsStubs.ExecClient(address, grpc.credentials.createInsecure());
      const noToken = await new Promise<grpc.ServiceError>((resolve) => {
        const call = exec.run({ target: 2, command: "hello", args: [], cwd: "", env: {} });
        call.on("error", resolve);
        call.on("data", () => {});
      });
      assert.equal(noToken.code, grpc.status.UNAUTHENTICATED);
      assert.equal(
        noToken.details,
        "missing bearer token: send the header 'authorization: Bearer <token>' (the token is in the daemon's --token-file)",
      );
      const authed = new grpcJsStubs.ExecClient(address, grpc.credentials.createInsecure(), {
        interceptors: [grpcJsStubs.bearerTokenInterceptor(TOKEN)],
      });
      const missing = await new Promise<grpc.ServiceError>((resolve) => {
        const call = authed.run({
          target: 2,
          command: "no-such-binary, really: 100% ✓",
          args: [],
          cwd: "",
          env: {},
        });
        call.on("error", resolve);
        call.on("data", () => {});
      });
      assert.equal(missing.code, grpc.status.NOT_FOUND);
      assert.match(missing.details, /no-such-binary, really: 100% ✓/);
      exec.close();
      authed.close();
    });
  });
}
