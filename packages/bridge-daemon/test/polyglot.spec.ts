import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { runProcess, startBridge, type TestBridge, TOKEN, tempDir } from "@ddbridge/testing";

const exec = promisify(execFile);
const ROOT = join(import.meta.dirname, "../../..");

/** Finds a tool, or explains why the suite is skipped (and fails under CI=true). */
function find(name: string, candidates: string[]): string | undefined {
  for (const c of candidates) {
    try {
      execFileSync(c, name === "python" ? ["-c", "import grpc"] : ["--help"], { stdio: "ignore" });
      return c;
    } catch (e) {
      if ((e as { status?: number }).status !== undefined && name !== "python") return c; // ran, printed usage
    }
  }
  return undefined;
}

function goBin(): string {
  try {
    return join(execFileSync("go", ["env", "GOPATH"], { encoding: "utf8" }).trim(), "bin");
  } catch {
    return "";
  }
}

const grpcurl = find("grpcurl", ["grpcurl", join(goBin(), "grpcurl")].filter(Boolean));
const go = find("go", ["go"]);
const python = find(
  "python",
  [process.env.DDBRIDGE_PYTHON ?? "", join(ROOT, "examples/python-client/.venv/bin/python")].filter(
    (p) => p && existsSync(p),
  ),
);

function skipReason(tool: string | undefined, what: string): string | false {
  if (tool) return false;
  const msg = `${what} not found (see .ci/run for how CI installs it)`;
  if (process.env.CI === "true") throw new Error(`CI=true but ${msg}`);
  return msg;
}

/** grpcurl prints one JSON object per message; turn them into an array. */
function jsonMessages(text: string): any[] {
  const trimmed = text.trim();
  return trimmed === "" ? [] : JSON.parse(`[${trimmed.replace(/}\n{/g, "},{")}]`);
}

describe("polyglot clients against a live daemon", () => {
  let bridge: TestBridge;
  let addr: string;
  before(async () => {
    bridge = await startBridge();
    addr = bridge.url.replace("http://", "");
  });
  after(() => bridge.close());

  describe("grpcurl", { skip: skipReason(grpcurl, "grpcurl") }, () => {
    const auth = ["-H", `authorization: Bearer ${TOKEN}`];
    for (const via of ["tcp", "unix"] as const) {
      /** grpcurl [flags] ADDRESS [verb or method] [symbol] */
      const grpc = (flags: string[], ...rest: string[]) =>
        exec(grpcurl!, [
          "-plaintext",
          ...(via === "unix" ? ["-unix", ...flags, bridge.unixPath] : [...flags, addr]),
          ...rest,
        ]);

      it(`${via}: list and describe through reflection`, async () => {
        const { stdout } = await grpc(auth, "list");
        assert.deepEqual(stdout.trim().split("\n").sort(), [
          "ddbridge.v1.DockerService",
          "ddbridge.v1.Exec",
          "ddbridge.v1.ExtensionService",
          "ddbridge.v1.HttpService",
          "grpc.health.v1.Health",
          "grpc.reflection.v1.ServerReflection",
          "grpc.reflection.v1alpha.ServerReflection",
        ]);
        const d = await grpc(auth, "describe", "ddbridge.v1.Exec");
        assert.match(
          d.stdout,
          /rpc Run \( \.ddbridge\.v1\.RunRequest \) returns \( stream \.ddbridge\.v1\.RunResponse \)/,
        );
      });

      it(`${via}: a unary HttpService call`, async () => {
        const { stdout } = await grpc(
          [...auth, "-d", '{"path":"/hello"}'],
          "ddbridge.v1.HttpService/Call",
        );
        const [res] = jsonMessages(stdout);
        assert.equal(res.status, 200);
        assert.equal(
          Buffer.from(res.body, "base64").toString(),
          '{"message":"hello from the backend"}',
        );
      });

      it(`${via}: a server-streaming Exec call, output then close`, async () => {
        const { stdout } = await grpc(
          [...auth, "-d", '{"target":"TARGET_HOST","command":"exit-with","args":["3"]}'],
          "ddbridge.v1.Exec/Run",
        );
        const msgs = jsonMessages(stdout);
        const outputs = msgs.filter((m) => m.output);
        assert.deepEqual(
          outputs
            .map((m) => [m.output.stream, Buffer.from(m.output.data, "base64").toString()])
            .sort(),
          [
            ["OUTPUT_STREAM_STDERR", "err\n"],
            ["OUTPUT_STREAM_STDOUT", "out\n"],
          ],
        );
        assert.deepEqual(msgs.at(-1), { close: { exitCode: 3 } });
      });

      it(`${via}: a bidi Exec.Session: JSON messages on stdin, the command's output and close back`, async () => {
        const messages = [
          { start: { run: { target: "TARGET_VM", command: "sh", args: ["-c", "cat; exit 4"] } } },
          { input: Buffer.from("typed in\n").toString("base64") },
          { endInput: {} },
        ];
        const r = await runProcess(
          grpcurl!,
          [
            "-plaintext",
            ...auth,
            "-d",
            "@",
            ...(via === "unix" ? ["-unix", bridge.unixPath] : [addr]),
            "ddbridge.v1.Exec/Session",
          ],
          { input: messages.map((m) => JSON.stringify(m)).join("\n") },
        );
        assert.equal(r.code, 0, r.stderr);
        const msgs = jsonMessages(r.stdout);
        assert.equal(Buffer.from(msgs[0].output.data, "base64").toString(), "typed in\n");
        assert.deepEqual(msgs.at(-1), { close: { exitCode: 4 } });
      });

      it(`${via}: without the token the call is refused with Unauthenticated`, async () => {
        const err = await grpc(["-d", '{"path":"/hello"}'], "ddbridge.v1.HttpService/Call").catch(
          (e) => e,
        );
        assert.notEqual(err.code, 0);
        assert.match(err.stderr, /Unauthenticated/);
      });
    }
  });

  describe("Go client (examples/go-client)", { skip: skipReason(go, "go") }, () => {
    let bin: string;
    let tmp: Awaited<ReturnType<typeof tempDir>>;
    before(async () => {
      tmp = await tempDir();
      bin = join(tmp.dir, "go-client");
      await exec(go!, ["build", "-o", bin, "."], { cwd: join(ROOT, "examples/go-client") });
    });
    after(() => tmp.remove());

    for (const [via, client] of [
      ["tcp", "grpc-go"],
      ["unix", "grpc-go"],
      ["tcp", "connect-go"],
      ["unix", "connect-go"],
    ] as const) {
      it(`${via}, ${client}: proxies an HTTP request and streams an exec`, async () => {
        const where = [
          ...(via === "tcp" ? ["-addr", addr] : ["-unix", bridge.unixPath]),
          ...(client === "connect-go" ? ["-connect"] : []),
        ];
        const env = { ...process.env, DDBRIDGE_TOKEN: TOKEN };
        const { stdout } = await exec(bin, [...where, "-path", "/hello", "args", "a b", "$(id)"], {
          env,
        });
        assert.equal(stdout, 'HTTP 200 OK: {"message":"hello from the backend"}\na b\n$(id)\n');
        const failed = await exec(bin, [...where, "-path", "", "exit-with", "3"], { env }).catch(
          (e) => e,
        );
        assert.equal(failed.code, 3);
        assert.equal(failed.stdout, "out\n");
        assert.equal(failed.stderr, "err\n");
        const vm = await exec(bin, [...where, "-path", "", "-target", "vm", "./args", "x"], {
          env,
        });
        assert.equal(vm.stdout, "x\n");
      });
    }

    for (const flags of [[], ["-connect"]]) {
      it(`-stdin: ${flags[0] ?? "grpc-go"}'s bidi Exec.Session carries stdin to the command, its end too`, async () => {
        const env = { ...process.env, DDBRIDGE_TOKEN: TOKEN };
        const input = "from go\n".repeat(10_000);
        const r = await runProcess(
          bin,
          ["-addr", addr, ...flags, "-path", "", "-target", "vm", "-stdin", "cat"],
          { input, env },
        );
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, input);
      });
    }

    for (const flags of [[], ["-connect"]]) {
      it(`reports Unauthenticated without a valid token (${flags[0] ?? "grpc-go"})`, async () => {
        const err = await exec(bin, ["-addr", addr, ...flags], {
          env: { ...process.env, DDBRIDGE_TOKEN: "wrong" },
        }).catch((e) => e);
        assert.equal(err.code, 1);
        assert.match(err.stderr, /[Uu]nauthenticated/);
      });
    }
  });

  describe("Python client (examples/python-client)", {
    skip: skipReason(
      python,
      "a Python with grpcio (examples/python-client/.venv or DDBRIDGE_PYTHON)",
    ),
  }, () => {
    const script = join(ROOT, "examples/python-client/ddbridge_client.py");
    for (const via of ["tcp", "unix"] as const) {
      it(`${via}: proxies an HTTP request and streams an exec`, async () => {
        const where = via === "tcp" ? ["--addr", addr] : ["--unix", bridge.unixPath];
        const env = { ...process.env, DDBRIDGE_TOKEN: TOKEN };
        const { stdout } = await exec(
          python!,
          [script, ...where, "--path", "/hello", "args", "a b", "$(id)"],
          { env },
        );
        assert.equal(stdout, 'HTTP 200 OK: {"message":"hello from the backend"}\na b\n$(id)\n');
        const failed = await exec(python!, [script, ...where, "--path", "", "exit-with", "3"], {
          env,
        }).catch((e) => e);
        assert.equal(failed.code, 3);
        assert.equal(failed.stdout, "out\n");
        assert.equal(failed.stderr, "err\n");
      });
    }

    it("--stdin: grpcio's bidi Exec.Session carries stdin to the command, its end too", async () => {
      const env = { ...process.env, DDBRIDGE_TOKEN: TOKEN };
      const input = "from python\n".repeat(10_000);
      const r = await runProcess(
        python!,
        [script, "--addr", addr, "--path", "", "--target", "vm", "--stdin", "cat"],
        { input, env },
      );
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, input);
    });

    it("client.session with tty=(cols, rows): a terminal of that size", async () => {
      const code = [
        "import sys",
        "from ddbridge import client",
        `with client.channel(${JSON.stringify(addr)}) as ch:`,
        "    e = client.session(ch, 'sh', stdin=[b'stty size\\n', b'exit 4\\n'], tty=(91, 33), timeout=30)",
        "sys.exit(e.code)",
      ].join("\n");
      const r = await exec(python!, ["-c", code], {
        env: { ...process.env, DDBRIDGE_TOKEN: TOKEN },
      }).catch((e) => e);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stdout, /33 91\r\n/);
    });

    it("reports UNAUTHENTICATED without a valid token", async () => {
      const err = await exec(python!, [script, "--addr", addr], {
        env: { ...process.env, DDBRIDGE_TOKEN: "wrong" },
      }).catch((e) => e);
      assert.equal(err.code, 1);
      assert.match(err.stderr, /UNAUTHENTICATED/);
    });
  });
});
