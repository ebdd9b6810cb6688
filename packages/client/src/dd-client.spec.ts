import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  eventually,
  HOST_BIN,
  isAlive,
  startBridge,
  type TestBridge,
  TOKEN,
} from "@ddbridge/testing";
import type { v1 } from "@docker/extension-api-client-types";
import { BridgeError } from "./bridge-error.js";
import { createDdClient, type DdClient } from "./dd-client.js";
import { createNodeTransport } from "./node/create-node-transport.js";
import { ServiceError } from "./service/service-error.js";

/** Runs a streaming exec and records every callback, resolving at the terminal one. */
function record(exec: v1.Exec, cmd: string, args: string[], split = false) {
  const calls: Array<[string, unknown]> = [];
  let proc!: v1.ExecProcess;
  const done = new Promise<void>((resolve) => {
    proc = exec(cmd, args, {
      stream: {
        splitOutputLines: split,
        onOutput: (d) => calls.push(["output", d]),
        onError: (e) => {
          calls.push(["error", e]);
          resolve();
        },
        onClose: (c) => {
          calls.push(["close", c]);
          resolve();
        },
      },
    });
  });
  return { calls, done, proc };
}

let bridge: TestBridge;

before(async () => {
  bridge = await startBridge({ name: "client-test" });
});

after(async () => {
  await bridge.close();
});

for (const [label, protocol, httpVersion] of [
  ["gRPC", "grpc", "2"],
  ["Connect over HTTP/1.1", "connect", "1.1"],
  ["gRPC-Web over HTTP/1.1", "grpc-web", "1.1"],
] as const) {
  describe(`createDdClient over ${label}`, () => {
    let dd: DdClient;
    before(() => {
      dd = createDdClient(
        createNodeTransport({ url: bridge.url, token: TOKEN, protocol, httpVersion }),
      );
    });

    describe("extension.vm.service", () => {
      it("parses JSON, returns text as text, empty bodies as '', binary byte for byte", async () => {
        const svc = dd.extension.vm.service;
        assert.deepEqual(await svc.get("/hello"), { message: "hello from the backend" });
        assert.equal(await svc.get("/text"), "plain text, not JSON");
        assert.equal(await svc.get("/status/204"), "");
        assert.equal(await svc.head("/hello"), "");
        const bin = (await svc.get("/binary")) as Uint8Array;
        assert.ok(bin instanceof Uint8Array);
        assert.deepEqual(
          [...bin],
          Array.from({ length: 256 }, (_, i) => i),
        );
      });

      it("sends objects as JSON, strings as they are, nothing for undefined, headers as given", async () => {
        const svc = dd.extension.vm.service;
        const obj = (await svc.post("/echo", { a: 1 })) as Record<string, any>;
        assert.equal(obj.body, '{"a":1}');
        assert.equal(obj.headers["content-type"], "application/json");
        const str = (await svc.put("/echo", "raw text")) as Record<string, any>;
        assert.equal(str.body, "raw text");
        assert.equal(str.method, "PUT");
        const none = (await svc.patch("/echo", undefined)) as Record<string, any>;
        assert.equal(none.body, "");
        assert.equal(none.headers["content-type"], undefined);
        const del = (await svc.delete("/echo?x=1")) as Record<string, any>;
        assert.equal(del.method, "DELETE");
        assert.equal(del.path, "/echo?x=1");
        const req = (await svc.request({
          url: "/echo",
          method: "POST",
          headers: { "X-Custom": "yes", "Content-Type": "text/csv" },
          data: "a,b",
        })) as Record<string, any>;
        assert.equal(req.headers["x-custom"], "yes");
        assert.equal(req.headers["content-type"], "text/csv");
        assert.equal(req.body, "a,b");
      });

      it("rejects a non-2xx status with a ServiceError: name, message, statusCode", async () => {
        const err = await dd.extension.vm.service.get("/status/404").catch((e) => e);
        assert.ok(err instanceof ServiceError && err instanceof Error);
        assert.equal(err.name, "Not Found");
        assert.equal(err.message, "status 404");
        assert.equal(err.statusCode, 404);
        assert.ok(err.stack);
        const teapot = (await dd.extension.vm.service
          .post("/status/418", {})
          .catch((e) => e)) as ServiceError;
        assert.equal(teapot.statusCode, 418);
        assert.equal(teapot.name, "I'm a Teapot");
      });

      it("refuses absolute URLs with a clear error", async () => {
        const err = await dd.extension.vm.service.get("http://example.com/x").catch((e) => e);
        assert.ok(err instanceof BridgeError);
        assert.equal(err.grpcCode, "invalid_argument");
        assert.match(err.message, /absolute URL/);
      });

      it("handles bodies beyond the unary limit", async () => {
        const big = (await dd.extension.vm.service.get(
          `/large?bytes=${6 * 1024 * 1024}`,
        )) as Uint8Array;
        assert.equal(big.byteLength, 6 * 1024 * 1024);
        assert.equal(big[300], 300 % 251);
      });
    });

    for (const target of ["vm", "host"] as const) {
      const cmd = (name: string) => (target === "vm" ? `./${name}` : name);
      const exec = () => dd.extension[target].cli.exec;

      describe(`extension.${target}.cli.exec`, () => {
        it("buffered: resolves an ExecResult with lines() and JSON helpers, words read as Desktop reads them", async () => {
          const r = await exec()(cmd("args"), ['"{{ json . }}"', "'single'", "a b", "$(id)"]);
          assert.deepEqual(r.lines(), ["{{ json . }}", "single", "a", "b", "$(id)"]);
          assert.equal(r.code, 0);
          assert.equal(r.stderr, "");
          const whole = await exec()(`${cmd("args")} -c "nginx -v"`, []);
          assert.deepEqual(whole.lines(), ["-c", "nginx -v"]);
          const inner = await exec()(cmd("args"), ['type=bind,source="a b",target=/f']);
          assert.deepEqual(inner.lines(), ["type=bind,source=a b,target=/f"]);
          const j = await exec()(cmd("args"), ["'{\"a\":1}'", "'{\"b\":2}'"]);
          assert.deepEqual(j.parseJsonLines(), [{ a: 1 }, { b: 2 }]);
          const o = await exec()(cmd("args"), ["'{\"a\": [1]}'"]);
          assert.deepEqual(o.parseJsonObject(), { a: [1] });
          const bad = await exec()(cmd("args"), ["it's"]).catch((e) => e);
          assert.equal(bad.grpcCode, "invalid_argument");
          assert.match(bad.stderr, /unterminated '/);
        });

        it("stream: arguments reach the command exactly as given", async () => {
          const args = ['"{{ json . }}"', "a b", 'source="x"', "it's", ""];
          const { calls, done } = record(exec(), cmd("args"), args, true);
          await done;
          assert.deepEqual(
            calls.filter(([k]) => k === "output").map(([, d]) => (d as { stdout: string }).stdout),
            args,
          );
        });

        it("buffered: honours cwd and env", async () => {
          const r = await exec()(cmd("env-cwd"), [], {
            cwd: HOST_BIN,
            env: { DD_TEST: "from env" },
          });
          assert.deepEqual(r.lines().slice(0, 2), [HOST_BIN, "from env"]);
        });

        it("buffered: rejects a non-zero exit with the ExecResult", async () => {
          const err = await exec()(cmd("exit-with"), ["3"]).catch((e) => e);
          assert.equal(err.code, 3);
          assert.equal(err.stdout, "out\n");
          assert.equal(err.stderr, "err\n");
          assert.deepEqual(err.lines(), ["out"]);
        });

        it("buffered: rejects death by signal with signal set", async () => {
          const err = await exec()(cmd("self-kill"), ["KILL"]).catch((e) => e);
          assert.equal(err.signal, "SIGKILL");
          assert.equal(err.killed, true);
          assert.equal(err.stdout, "before\n");
        });

        it("buffered: a command that cannot start rejects with a clear error", async () => {
          const err = await exec()(cmd("no-such-binary"), []).catch((e) => e);
          assert.ok(err instanceof BridgeError);
          assert.equal(err.grpcCode, "not_found");
          assert.match(err.message, /no-such-binary/);
        });

        it("buffered: multi-byte characters split across chunks are intact", async () => {
          const r = await exec()(cmd("utf8-split"), []);
          assert.equal(r.stdout, "héllo wörld €\nsecond line\nlast partial");
          assert.equal(r.stderr, "érr ✓\n");
        });

        it("stream: strings per stream in order, then exactly one onClose", async () => {
          const { calls, done } = record(exec(), cmd("interleave"), []);
          await done;
          await new Promise((r) => setTimeout(r, 100));
          const text = (s: "stdout" | "stderr") =>
            calls
              .filter(([k, d]) => k === "output" && (d as Record<string, string>)[s] !== undefined)
              .map(([, d]) => (d as Record<string, string>)[s])
              .join("");
          assert.equal(text("stdout"), "out 1\nout 2\nout 3\n");
          assert.equal(text("stderr"), "err 1\nerr 2\nerr 3\n");
          for (const [k, d] of calls) {
            if (k === "output")
              assert.equal(Object.keys(d as object).length, 1, "one stream per call");
          }
          assert.deepEqual(calls.at(-1), ["close", 0]);
          assert.equal(calls.filter(([k]) => k !== "output").length, 1);
        });

        it("stream: splitOutputLines delivers whole lines and the final partial line", async () => {
          const { calls, done } = record(exec(), cmd("utf8-split"), [], true);
          await done;
          assert.deepEqual(calls, [
            ["output", { stdout: "héllo wörld €" }],
            ["output", { stdout: "second line" }],
            ["output", { stderr: "érr ✓" }],
            ["output", { stdout: "last partial" }],
            ["close", 0],
          ]);
        });

        it("stream: a non-zero exit is onClose(code)", async () => {
          const { calls, done } = record(exec(), cmd("exit-with"), ["7"]);
          await done;
          assert.deepEqual(calls.at(-1), ["close", 7]);
        });

        it("stream: onError when the command cannot start or dies by a signal", async () => {
          const missing = record(exec(), cmd("no-such-binary"), []);
          await missing.done;
          assert.equal(missing.calls.length, 1);
          assert.equal((missing.calls[0]![1] as BridgeError).grpcCode, "not_found");
          const killed = record(exec(), cmd("self-kill"), ["TERM"]);
          await killed.done;
          assert.deepEqual(killed.calls[0], ["output", { stdout: "before\n" }]);
          assert.match((killed.calls.at(-1)![1] as Error).message, /SIGTERM/);
          assert.equal(killed.calls.at(-1)![0], "error");
        });

        it("stream: close() ends the process and nothing is called afterwards", async () => {
          const calls: string[] = [];
          let pids: number[] = [];
          let proc!: v1.ExecProcess;
          await new Promise<void>((resolve) => {
            proc = exec()(cmd("family"), [], {
              stream: {
                onOutput: (d) => {
                  calls.push("output");
                  pids = String(d.stdout).trim().split(" ").map(Number);
                  resolve();
                },
                onError: () => calls.push("error"),
                onClose: () => calls.push("close"),
              },
            });
          });
          proc.close();
          proc.close();
          assert.ok(
            await eventually(() => pids.every((p) => !isAlive(p))),
            `still running: ${pids}`,
          );
          await new Promise((r) => setTimeout(r, 200));
          assert.deepEqual(calls, ["output"]);
        });

        it("stream: returns its ExecProcess synchronously", () => {
          const proc = exec()(cmd("args"), ["x"], { stream: {} });
          assert.equal(typeof proc.close, "function");
          proc.close();
        });
      });
    }

    describe("deadlines and cancellation per call (CallControl)", () => {
      const codeOf = (e: unknown) =>
        e instanceof BridgeError
          ? e.grpcCode
          : ((e as { cause?: BridgeError }).cause?.grpcCode ?? String(e));
      it("vm.service: timeoutMs is the call's deadline; an aborted signal cancels", async () => {
        const late = await dd.extension.vm.service
          .get("/slow?ms=3000", { timeoutMs: 200 })
          .catch((e) => e);
        assert.equal(codeOf(late), "deadline_exceeded", String(late));
        const abort = new AbortController();
        setTimeout(() => abort.abort(), 100);
        const cancelled = await dd.extension.vm.service
          .request({
            method: "GET",
            url: "/slow?ms=3000",
            headers: {},
            data: undefined,
            signal: abort.signal,
          })
          .catch((e) => e);
        assert.equal(codeOf(cancelled), "canceled", String(cancelled));
      });

      it("exec: a deadline ends the command itself, buffered and streaming", async () => {
        const buffered = await dd.extension.host.cli
          .exec("sleeper", [], { timeoutMs: 300 })
          .catch((e) => e);
        assert.equal(codeOf(buffered), "deadline_exceeded", String(buffered));
        const pid = Number(String((buffered as { stdout?: string }).stdout ?? "").trim());
        if (pid) assert.ok(await eventually(() => !isAlive(pid)), `sleeper ${pid} still runs`);
        const abort = new AbortController();
        const errors: unknown[] = [];
        let streamedPid = 0;
        await new Promise<void>((resolve) => {
          dd.extension.host.cli.exec("sleeper", [], {
            signal: abort.signal,
            stream: {
              onOutput: (d) => {
                streamedPid = Number(String(d.stdout).trim());
                abort.abort();
              },
              onError: (e) => {
                errors.push(e);
                resolve();
              },
              onClose: () => resolve(),
            },
          });
        });
        assert.equal(errors.length, 1);
        assert.equal(codeOf(errors[0]), "canceled", String(errors[0]));
        assert.ok(
          await eventually(() => !isAlive(streamedPid)),
          `sleeper ${streamedPid} still runs`,
        );
      });
    });

    it("info() describes the daemon", async () => {
      const info = await dd.info();
      assert.equal(info.name, "client-test");
      assert.equal(info.hasService, true);
    });
  });
}

describe("createDdClient when the backend is down", () => {
  it("rejects with a clear error naming the socket", async () => {
    const dead = await startBridge({ withBackend: false, httpTimeoutMs: 1000 });
    try {
      const dd = createDdClient(createNodeTransport({ url: dead.url, token: TOKEN }));
      const err = await dd.extension.vm.service.get("/hello").catch((e) => e);
      assert.ok(err instanceof BridgeError);
      assert.equal(err.grpcCode, "unavailable");
      assert.ok(err.message.includes(dead.socketPath), err.message);
    } finally {
      await dead.close();
    }
  });

  it("rejects with unavailable when the daemon itself is not there", async () => {
    const dd = createDdClient(createNodeTransport({ url: "http://127.0.0.1:9", token: TOKEN }));
    const err = (await dd.extension.vm.service.get("/hello").catch((e) => e)) as BridgeError;
    assert.equal(err.grpcCode, "unavailable");
    const streamErr = await new Promise((resolve) => {
      dd.extension.host.cli.exec("args", [], {
        stream: { onError: resolve, onClose: () => resolve("closed") },
      });
    });
    assert.equal((streamErr as BridgeError).grpcCode, "unavailable");
  });
});
