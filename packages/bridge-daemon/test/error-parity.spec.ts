import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import {
  BridgeError,
  createDdClient,
  Exec,
  HttpService,
  OutputStream,
  ServiceError,
  Target,
} from "@ddbridge/client";
import * as grpcJsStubs from "@ddbridge/client/grpc-js";
import { createNodeTransport } from "@ddbridge/client/node";
import { startBridge, type TestBridge, TOKEN, tempDir } from "@ddbridge/testing";
import * as grpc from "@grpc/grpc-js";

/**
 * The same failures seen from every client a tool builder uses: grpcurl,
 * grpc-go, connect-go, grpcio, grpc-js, connect-node and the ddClient-style
 * API must read the same code and the same message (a deadline's message is
 * each client's own: only its code is compared).
 */
const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, "../../..");
const PROBES = join(import.meta.dirname, "error-parity");

/** What a program sees: an RPC error, an HTTP answer, or a command's end. */
type Seen = { code: string; message?: string } | { status: number } | { exit: number };

interface Case {
  name: string;
  /** HttpService.Call of this path; else Exec.Run of `command`. */
  path?: string;
  command?: string[];
  timeoutMs?: number;
  /** The daemon without a backend. */
  down?: boolean;
  noToken?: boolean;
  expect: Seen | { code: string };
}

const CASES: Case[] = [
  { name: "a backend 404", path: "/no-such-path", expect: { status: 404 } },
  { name: "a missing host binary", command: ["no-such-binary"], expect: { code: "not_found" } },
  { name: "a non-zero exit", command: ["exit-with", "3"], expect: { exit: 3 } },
  {
    name: "an expired deadline",
    command: ["sleeper"],
    timeoutMs: 500,
    expect: { code: "deadline_exceeded" },
  },
  { name: "the backend down", path: "/hello", down: true, expect: { code: "unavailable" } },
  { name: "a missing token", path: "/hello", noToken: true, expect: { code: "unauthenticated" } },
];

const goBin = (() => {
  try {
    return join(execFileSync("go", ["env", "GOPATH"], { encoding: "utf8" }).trim(), "bin");
  } catch {
    return undefined;
  }
})();
const grpcurl = goBin && existsSync(join(goBin, "grpcurl")) ? join(goBin, "grpcurl") : undefined;
const python = [
  process.env.DDBRIDGE_PYTHON,
  join(ROOT, "examples/python-client/.venv/bin/python"),
].find((p) => p && existsSync(p));
const missing = [
  goBin ? undefined : "go",
  grpcurl ? undefined : "grpcurl",
  python ? undefined : "the Python client's venv",
].filter(Boolean);
const skip = missing.length ? `not on this machine: ${missing.join(", ")}` : false;
if (skip && process.env.CI === "true") throw new Error(`CI=true but ${skip}`);

const snake = (name: string) => name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();

describe("the same failures read the same in every client", { skip }, () => {
  let up: TestBridge;
  let down: TestBridge;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let goProbe: string;
  before(async () => {
    [up, down] = await Promise.all([startBridge(), startBridge({ withBackend: false })]);
    tmp = await tempDir();
    goProbe = join(tmp.dir, "error-parity");
    await exec("go", ["build", "-o", goProbe, "."], { cwd: PROBES });
  });
  after(async () => {
    await Promise.all([up?.close(), down?.close()]);
    await tmp?.remove();
  });

  const addrOf = (c: Case) => (c.down ? down : up).url.replace("http://", "");

  const clients: Record<string, (c: Case) => Promise<Seen>> = {
    async grpcurl(c) {
      const body = c.path
        ? { method: "GET", path: c.path }
        : { target: "TARGET_HOST", command: c.command![0], args: c.command!.slice(1) };
      const args = [
        "-plaintext",
        "-emit-defaults",
        // From the .proto files, not reflection: without a token, reflection is refused too.
        ...["-import-path", join(ROOT, "proto"), "-proto", "ddbridge/v1/http.proto"],
        ...["-proto", "ddbridge/v1/exec.proto"],
        ...(c.noToken ? [] : ["-H", `authorization: Bearer ${TOKEN}`]),
        ...(c.timeoutMs ? ["-max-time", String(c.timeoutMs / 1000)] : []),
        "-d",
        JSON.stringify(body),
        addrOf(c),
        c.path ? "ddbridge.v1.HttpService/Call" : "ddbridge.v1.Exec/Run",
      ];
      const r = await exec(grpcurl!, args).catch((e: { stdout: string; stderr: string }) => e);
      const error = /Code: (\w+)\n\s*Message: (.*)/.exec(r.stderr);
      if (error) return { code: snake(error[1]!), message: error[2]! };
      const status = /"status": (\d+)/.exec(r.stdout);
      if (status) return { status: Number(status[1]) };
      const exit = /"exitCode": (\d+)/.exec(r.stdout);
      if (exit) return { exit: Number(exit[1]) };
      throw new Error(`grpcurl: ${r.stdout}${r.stderr}`);
    },
    "grpc-go": (c) => goRun(c, "grpc-go"),
    "connect-go": (c) => goRun(c, "connect-go"),
    async grpcio(c) {
      const args = [
        join(PROBES, "probe.py"),
        "--addr",
        addrOf(c),
        ...(c.noToken ? [] : ["--token", TOKEN]),
        ...(c.timeoutMs ? ["--timeout", String(c.timeoutMs / 1000)] : []),
        ...(c.path ? ["--path", c.path] : ["--", ...c.command!]),
      ];
      return JSON.parse((await exec(python!, args)).stdout);
    },
    async "grpc-js"(c) {
      const options = c.noToken
        ? {}
        : { interceptors: [grpcJsStubs.bearerTokenInterceptor(TOKEN)] };
      const creds = grpc.credentials.createInsecure();
      const deadline = c.timeoutMs ? { deadline: Date.now() + c.timeoutMs } : {};
      const seen = (e: grpc.ServiceError): Seen => ({
        code: snake(grpc.status[e.code]).replace("cancelled", "canceled"),
        message: e.details,
      });
      if (c.path) {
        const client = new grpcJsStubs.HttpServiceClient(addrOf(c), creds, options);
        try {
          return await new Promise<Seen>((resolve) =>
            client.call(
              { method: "GET", path: c.path!, headers: [], body: Buffer.alloc(0) },
              new grpc.Metadata(),
              deadline,
              (err, res) => resolve(err ? seen(err) : { status: res.status }),
            ),
          );
        } finally {
          client.close();
        }
      }
      const client = new grpcJsStubs.ExecClient(addrOf(c), creds, options);
      try {
        const stream = client.run(
          { target: 2, command: c.command![0]!, args: c.command!.slice(1), cwd: "", env: {} },
          new grpc.Metadata(),
          deadline,
        );
        for await (const ev of stream as AsyncIterable<grpcJsStubs.exec.RunResponse>) {
          if (ev.close) return { exit: ev.close.exitCode };
        }
        throw new Error("no close");
      } catch (e) {
        if ((e as grpc.ServiceError).code === undefined) throw e;
        return seen(e as grpc.ServiceError);
      } finally {
        client.close();
      }
    },
    async "connect-node"(c) {
      const transport = transportFor(c, "connect-node");
      const opts = c.timeoutMs ? { timeoutMs: c.timeoutMs } : {};
      try {
        if (c.path) {
          const res = await createClient(HttpService, transport).call(
            { method: "GET", path: c.path },
            opts,
          );
          return { status: res.status };
        }
        const req = { target: Target.HOST, command: c.command![0]!, args: c.command!.slice(1) };
        for await (const ev of createClient(Exec, transport).run(req, opts)) {
          if (ev.event.case === "close") return { exit: ev.event.value.exitCode };
          if (ev.event.case === "output")
            assert.ok(ev.event.value.stream !== OutputStream.UNSPECIFIED);
        }
        throw new Error("no close");
      } catch (e) {
        if (!(e instanceof ConnectError)) throw e;
        return { code: snake(Code[e.code]!), message: e.rawMessage };
      }
    },
    async ddClient(c) {
      const dd = createDdClient(transportFor(c, "ddbridge"));
      const control = c.timeoutMs ? { timeoutMs: c.timeoutMs } : {};
      try {
        if (c.path) {
          await dd.extension.vm.service.get(c.path, control);
          return { status: 200 };
        }
        await dd.extension.host.cli.exec(c.command![0]!, c.command!.slice(1), control);
        return { exit: 0 };
      } catch (e) {
        if (e instanceof ServiceError) return { status: e.statusCode };
        if (e instanceof BridgeError) return { code: e.grpcCode, message: e.message };
        return { exit: (e as { code: number }).code };
      }
    },
  };

  function transportFor(c: Case, grpcClient: "ddbridge" | "connect-node"): Transport {
    const url = (c.down ? down : up).url;
    return c.noToken
      ? createGrpcTransport({ baseUrl: url })
      : createNodeTransport({ url, token: TOKEN, protocol: "grpc", grpcClient });
  }

  async function goRun(c: Case, client: string): Promise<Seen> {
    const args = [
      "-addr",
      addrOf(c),
      "-client",
      client,
      ...(c.noToken ? [] : ["-token", TOKEN]),
      ...(c.timeoutMs ? ["-timeout", `${c.timeoutMs}ms`] : []),
      ...(c.path ? ["-path", c.path] : ["--", ...c.command!]),
    ];
    return JSON.parse((await exec(goProbe, args)).stdout);
  }

  for (const c of CASES) {
    it(`${c.name}: ${JSON.stringify(c.expect)}, with one message`, async () => {
      const seen: Record<string, Seen> = {};
      for (const [name, call] of Object.entries(clients)) seen[name] = await call(c);
      const compared = Object.fromEntries(
        Object.entries(seen).map(([name, s]) => [
          name,
          "code" in s && s.code === "deadline_exceeded" ? { code: s.code } : s,
        ]),
      );
      const first = Object.values(compared)[0]!;
      for (const [name, s] of Object.entries(compared)) {
        assert.deepEqual(s, first, `${name} differs:\n${JSON.stringify(seen, null, 1)}`);
      }
      for (const [key, value] of Object.entries(c.expect)) {
        assert.equal((first as Record<string, unknown>)[key], value, JSON.stringify(seen));
      }
      if ("code" in first && first.code !== "deadline_exceeded") {
        assert.ok((seen.grpcurl as { message: string }).message.length > 10, "a readable message");
      }
    });
  }
});
