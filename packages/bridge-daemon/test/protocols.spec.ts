import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import * as net from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { Code, createClient } from "@connectrpc/connect";
import { ExtensionService, HttpService, Target } from "@ddbridge/client";
import * as grpcJsStubs from "@ddbridge/client/grpc-js";
import { Health } from "@ddbridge/proto/health";
import { v1 as reflectionV1, v1alpha as reflectionV1alpha } from "@ddbridge/proto/reflection";
import {
  startBridge,
  type TestBridge,
  TOKEN,
  TRANSPORT_KINDS,
  tempDir,
  transportFor,
} from "@ddbridge/testing";
import * as grpc from "@grpc/grpc-js";
import { SERVICE_NAMES } from "../src/server/routes.js";
import { codeOf } from "./exec-contract.js";

const run = promisify(execFile);

describe("protocols", () => {
  let bridge: TestBridge;
  before(async () => {
    bridge = await startBridge();
  });
  after(() => bridge.close());

  describe("grpc-js with the ts-proto stubs", () => {
    for (const via of ["tcp", "unix"] as const) {
      it(`calls every RPC over ${via}`, async () => {
        const address =
          via === "tcp" ? bridge.url.replace("http://", "") : `unix://${bridge.unixPath}`;
        const options = { interceptors: [grpcJsStubs.bearerTokenInterceptor(TOKEN)] };
        const creds = grpc.credentials.createInsecure();
        const http = new grpcJsStubs.HttpServiceClient(address, creds, options);
        const exec = new grpcJsStubs.ExecClient(address, creds, options);
        const ext = new grpcJsStubs.ExtensionServiceClient(address, creds, options);
        try {
          const res = await new Promise<grpcJsStubs.http.CallResponse>((resolve, reject) =>
            http.call(
              { method: "GET", path: "/hello", headers: [], body: Buffer.alloc(0) },
              (err, r) => (err ? reject(err) : resolve(r)),
            ),
          );
          assert.equal(res.status, 200);
          assert.match(Buffer.from(res.body).toString(), /hello from the backend/);

          const parts: grpcJsStubs.http.CallStreamResponse[] = [];
          for await (const p of http.callStream({
            method: "GET",
            path: "/text",
            headers: [],
            body: Buffer.alloc(0),
          })) {
            parts.push(p as grpcJsStubs.http.CallStreamResponse);
          }
          assert.equal(parts[0]?.head?.status, 200);
          assert.equal(
            Buffer.concat(parts.slice(1).map((p) => p.body!)).toString(),
            "plain text, not JSON",
          );

          const events: grpcJsStubs.exec.RunResponse[] = [];
          const call = exec.run({
            target: grpcJsStubs.exec.Target.TARGET_HOST,
            command: "args",
            args: ["a", "b c"],
            cwd: "",
            env: {},
          });
          for await (const e of call) events.push(e as grpcJsStubs.exec.RunResponse);
          assert.equal(
            Buffer.concat(events.filter((e) => e.output).map((e) => e.output!.data)).toString(),
            "a\nb c\n",
          );
          assert.deepEqual(events.at(-1)?.close, { exitCode: 0, signal: "" });

          const info = await new Promise<grpcJsStubs.extension.GetInfoResponse>((resolve, reject) =>
            ext.getInfo({}, (err, r) => (err ? reject(err) : resolve(r))),
          );
          assert.equal(info.name, "test-extension");
          assert.equal(info.platform, process.platform);
        } finally {
          http.close();
          exec.close();
          ext.close();
        }
      });
    }

    it("is refused UNAUTHENTICATED without the token", async () => {
      const address = bridge.url.replace("http://", "");
      const ext = new grpcJsStubs.ExtensionServiceClient(
        address,
        grpc.credentials.createInsecure(),
      );
      try {
        const err = await new Promise<grpc.ServiceError>((resolve) =>
          ext.getInfo({}, (e) => resolve(e!)),
        );
        assert.equal(err.code, grpc.status.UNAUTHENTICATED);
      } finally {
        ext.close();
      }
    });
  });

  describe("bearer token on every protocol", () => {
    for (const kind of TRANSPORT_KINDS) {
      it(`${kind}: no or a wrong token is UNAUTHENTICATED, health needs none`, async () => {
        for (const token of ["", "wrong-token"]) {
          const ext = createClient(
            ExtensionService,
            transportFor(kind, bridge.url, bridge.unixPath, token || " "),
          );
          assert.equal(
            (await codeOf(ext.getInfo({}))).code,
            Code.Unauthenticated,
            `token '${token}'`,
          );
          const exec = createClient(
            HttpService,
            transportFor(kind, bridge.url, bridge.unixPath, token || " "),
          );
          assert.equal((await codeOf(exec.call({ path: "/hello" }))).code, Code.Unauthenticated);
          const health = createClient(
            Health,
            transportFor(kind, bridge.url, bridge.unixPath, token || " "),
          );
          assert.equal((await health.check({})).status, 1);
        }
      });
    }
  });

  describe("curl on the Connect protocol", () => {
    const curl = (path: string, body: string, headers: string[] = []) =>
      run("curl", [
        "-s",
        "-w",
        "\n%{http_code}",
        "-H",
        "Content-Type: application/json",
        ...headers.flatMap((h) => ["-H", h]),
        "--data-binary",
        body,
        `${bridge.url}/${path}`,
      ]).then(({ stdout }) => {
        const lines = stdout.split("\n");
        return { status: Number(lines.pop()), body: JSON.parse(lines.join("\n")) };
      });
    const auth = `Authorization: Bearer ${TOKEN}`;

    it("calls HttpService.Call and ExtensionService.GetInfo with JSON", async () => {
      const r = await curl("ddbridge.v1.HttpService/Call", '{"path":"/hello"}', [auth]);
      assert.equal(r.status, 200);
      assert.equal(r.body.status, 200);
      assert.deepEqual(JSON.parse(Buffer.from(r.body.body, "base64").toString()), {
        message: "hello from the backend",
      });
      const info = await curl("ddbridge.v1.ExtensionService/GetInfo", "{}", [auth]);
      assert.equal(info.body.name, "test-extension");
      assert.deepEqual(info.body.targets, ["TARGET_VM", "TARGET_HOST"]);
      assert.equal(info.body.hasService, true);
    });

    it("gets Connect error JSON: unauthenticated, invalid argument, malformed JSON", async () => {
      const noToken = await curl("ddbridge.v1.HttpService/Call", '{"path":"/hello"}');
      assert.equal(noToken.status, 401);
      assert.equal(noToken.body.code, "unauthenticated");
      const absolute = await curl(
        "ddbridge.v1.HttpService/Call",
        '{"path":"http://example.com/"}',
        [auth],
      );
      assert.equal(absolute.status, 400);
      assert.equal(absolute.body.code, "invalid_argument");
      const malformed = await curl("ddbridge.v1.HttpService/Call", '{"path": [1,2', [auth]);
      assert.equal(malformed.body.code, "invalid_argument");
      const wrongField = await curl("ddbridge.v1.HttpService/Call", '{"nope": 1}', [auth]);
      assert.equal(wrongField.body.code, "invalid_argument");
    });

    it("survives malformed binary messages and keeps serving", async () => {
      // A length-delimited field whose length runs past the end of the message.
      const tmp = await tempDir();
      const bad = join(tmp.dir, "bad.bin");
      await writeFile(bad, Buffer.from([0x12, 0xff, 0x01]));
      const { stdout } = await run("curl", [
        "-s",
        "-H",
        "Content-Type: application/proto",
        "-H",
        auth,
        "--data-binary",
        `@${bad}`,
        `${bridge.url}/ddbridge.v1.HttpService/Call`,
      ]);
      await tmp.remove();
      // gRPC servers (grpc-go, grpc-java) answer INTERNAL for an unparseable request.
      assert.deepEqual(JSON.parse(stdout), {
        code: "internal",
        message: "parse binary: premature EOF",
      });
      const ok = await curl("ddbridge.v1.HttpService/Call", '{"path":"/hello"}', [auth]);
      assert.equal(ok.body.status, 200);
    });
  });

  describe("server reflection", () => {
    for (const [version, mod] of [
      ["v1", reflectionV1],
      ["v1alpha", reflectionV1alpha],
    ] as const) {
      it(`${version}: lists services and returns descriptors with their imports`, async () => {
        const client = createClient(
          mod.ServerReflection as typeof reflectionV1.ServerReflection,
          bridge.transport(),
        );
        async function* requests() {
          yield { messageRequest: { case: "listServices" as const, value: "" } };
          yield {
            messageRequest: { case: "fileContainingSymbol" as const, value: "ddbridge.v1.Exec" },
          };
          yield {
            messageRequest: {
              case: "fileContainingSymbol" as const,
              value: "ddbridge.v1.HttpService.CallStream",
            },
          };
          yield {
            messageRequest: {
              case: "fileByFilename" as const,
              value: "ddbridge/v1/extension.proto",
            },
          };
          yield {
            messageRequest: { case: "fileContainingSymbol" as const, value: "no.such.Symbol" },
          };
        }
        const answers = [];
        for await (const a of client.serverReflectionInfo(requests())) answers.push(a);
        assert.equal(answers.length, 5);
        type Answer = (typeof answers)[number]["messageResponse"];
        const [list, exec, method, byName, missing] = answers.map((a) => a.messageResponse) as [
          Answer,
          Answer,
          Answer,
          Answer,
          Answer,
        ];
        assert.equal(list.case, "listServicesResponse");
        assert.deepEqual(
          (list.value as reflectionV1.ListServiceResponse).service.map((s) => s.name).sort(),
          [...SERVICE_NAMES].sort(),
        );
        const names = (r: typeof exec) =>
          (r.value as reflectionV1.FileDescriptorResponse).fileDescriptorProto.map(
            (b) => fromBinary(FileDescriptorProtoSchema, b).name,
          );
        assert.deepEqual(names(exec), ["ddbridge/v1/exec.proto"]);
        const execFile = fromBinary(
          FileDescriptorProtoSchema,
          (exec.value as reflectionV1.FileDescriptorResponse).fileDescriptorProto[0]!,
        );
        assert.deepEqual(
          execFile.service[0]?.method.map((m) => m.name),
          ["Run", "Session"],
        );
        assert.deepEqual(names(method), ["ddbridge/v1/http.proto"]);
        assert.deepEqual(names(byName), ["ddbridge/v1/extension.proto", "ddbridge/v1/exec.proto"]);
        assert.equal(missing.case, "errorResponse");
        assert.equal((missing.value as reflectionV1.ErrorResponse).errorCode, Code.NotFound);
      });
    }
  });

  it("answers TLS and bytes no request starts with at once (400), and logs TLS on a cleartext port", async () => {
    const warnings: string[] = [];
    const logger = {
      debug() {},
      info() {},
      warn: (msg: string) => void warnings.push(msg),
      error() {},
    };
    const b = await startBridge({ logger, withBackend: false });
    try {
      const { hostname, port } = new URL(b.url);
      // The start of a TLS 1.2 ClientHello (a browser given https://, grpcurl without -plaintext).
      const hello = Buffer.from([0x16, 0x03, 0x01, 0x00, 0xc8, 0x01, 0x00, 0x00, 0xc4, 0x03, 0x03]);
      for (const bytes of [hello, Buffer.from([0x00, 0x01, 0x02]), Buffer.from("\x7f\x80")]) {
        const started = Date.now();
        const answer = await new Promise<string>((resolve, reject) => {
          const s = net.connect(Number(port), hostname, () => s.write(bytes));
          let got = "";
          s.on("data", (d) => (got += d));
          s.on("close", () => resolve(got));
          s.on("error", reject);
          setTimeout(
            () => reject(new Error(`no answer to ${bytes.toString("hex")} in 1 s`)),
            1000,
          ).unref();
        });
        assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
        assert.ok(Date.now() - started < 1000);
      }
      assert.deepEqual(warnings, [
        "TLS reached this cleartext port: clients need http:// (grpcurl: -plaintext)",
      ]);
      // And it keeps serving.
      const health = createClient(Health, b.transport());
      assert.equal((await health.check({})).status, 1);
    } finally {
      await b.close();
    }
  });

  it("health reports SERVING for the daemon and its services, NOT_FOUND for others", async () => {
    const health = createClient(Health, transportFor("grpc", bridge.url, bridge.unixPath, "none"));
    assert.equal((await health.check({ service: "" })).status, 1);
    assert.equal((await health.check({ service: "ddbridge.v1.Exec" })).status, 1);
    assert.equal((await codeOf(health.check({ service: "nope" }))).code, Code.NotFound);
  });

  it("GetInfo describes the extension and the host", async () => {
    const info = await createClient(ExtensionService, bridge.transport()).getInfo({});
    assert.equal(info.name, "test-extension");
    assert.equal(info.arch, process.arch);
    assert.deepEqual(info.targets, [Target.VM, Target.HOST]);
    assert.equal(info.serviceSocket, bridge.socketPath);
    assert.match(info.version, /^\d+\.\d+\.\d+/);
  });
});
