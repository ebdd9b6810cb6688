import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Client, Code, ConnectError, createClient } from "@connectrpc/connect";
import { Exec, OutputStream, type RunResponse, type Target } from "@ddbridge/client";
import { eventually, HOST_BIN, isAlive, type TestBridge } from "@ddbridge/testing";

/** A finished run: output per stream and the close event. */
export interface RunOutcome {
  stdout: string;
  stderr: string;
  events: RunResponse[];
  close: { exitCode: number; signal: string } | undefined;
}

export async function runToEnd(
  client: Client<typeof Exec>,
  req: Parameters<Client<typeof Exec>["run"]>[0],
  options?: Parameters<Client<typeof Exec>["run"]>[1],
): Promise<RunOutcome> {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  const events: RunResponse[] = [];
  let close: RunOutcome["close"];
  for await (const res of client.run(req, options)) {
    events.push(res);
    if (res.event.case === "output") {
      (res.event.value.stream === OutputStream.STDERR ? err : out).push(res.event.value.data);
    } else if (res.event.case === "close") {
      close = { exitCode: res.event.value.exitCode, signal: res.event.value.signal };
    }
  }
  return {
    stdout: Buffer.concat(out).toString("utf8"),
    stderr: Buffer.concat(err).toString("utf8"),
    events,
    close,
  };
}

export async function codeOf(promise: Promise<unknown>): Promise<{ code: Code; message: string }> {
  try {
    await promise;
  } catch (e) {
    const ce = ConnectError.from(e);
    return { code: ce.code, message: ce.rawMessage };
  }
  assert.fail("expected the call to fail");
}

/** Whether a process id (as the command itself printed it) is still running. */
export type AliveProbe = (pid: number) => boolean | Promise<boolean>;

/**
 * The Exec contract every runner must meet (docs/ddclient-behaviour.md §3, at the RPC
 * level): run it with a bridge whose target has the fixture binaries, named
 * `name` for HOST and `./name` for VM. `alive` looks PIDs up where the
 * command runs (this host's /proc, or `ps` in a container).
 */
export function execContractSuite(
  label: string,
  target: Target,
  start: () => Promise<TestBridge>,
  command: (name: string) => string,
  expectedCwd: string,
  alive: AliveProbe = isAlive,
  skip?: string,
) {
  describe(`Exec contract: ${label}`, { skip }, () => {
    let bridge: TestBridge;
    let exec: Client<typeof Exec>;
    before(async () => {
      bridge = await start();
      exec = createClient(Exec, bridge.transport("grpc"));
    });
    after(() => bridge.close());

    it("passes arguments as they are, never through a shell", async () => {
      const args = ["a b", "$(id)", "x; echo y", "|", "'q'", '"{{json .}}"', "", "*", "é€"];
      const r = await runToEnd(exec, { target, command: command("args"), args });
      assert.equal(r.stdout, `${args.join("\n")}\n`);
      assert.deepEqual(r.close, { exitCode: 0, signal: "" });
    });

    it("honours cwd and env, and hides the daemon's token", async () => {
      process.env.DDBRIDGE_TOKEN = "must-not-leak-must-not-leak-must-not-leak";
      try {
        const r = await runToEnd(exec, {
          target,
          command: command("env-cwd"),
          cwd: "subdir",
          env: { DD_TEST: "value with spaces" },
        });
        const [cwd, ddTest, , token] = r.stdout.split("\n");
        assert.equal(cwd, join(expectedCwd, "subdir"));
        assert.equal(ddTest, "value with spaces");
        assert.equal(token, "token=");
      } finally {
        delete process.env.DDBRIDGE_TOKEN;
      }
    });

    it("streams both outputs and ends with exactly one close carrying the exit code", async () => {
      const r = await runToEnd(exec, { target, command: command("exit-with"), args: ["3"] });
      assert.equal(r.stdout, "out\n");
      assert.equal(r.stderr, "err\n");
      assert.deepEqual(r.close, { exitCode: 3, signal: "" });
      assert.equal(r.events.filter((e) => e.event.case === "close").length, 1);
      assert.equal(r.events.at(-1)?.event.case, "close");
    });

    it("keeps each stream in order when they interleave", async () => {
      const r = await runToEnd(exec, { target, command: command("interleave") });
      assert.equal(r.stdout, "out 1\nout 2\nout 3\n");
      assert.equal(r.stderr, "err 1\nerr 2\nerr 3\n");
      const order = r.events
        .filter((e) => e.event.case === "output")
        .map((e) => (e.event.value as { stream: OutputStream }).stream);
      assert.deepEqual(order.slice(0, 2), [OutputStream.STDOUT, OutputStream.STDERR]);
    });

    it("reports death by a signal with its name and 128+n", async () => {
      const r = await runToEnd(exec, { target, command: command("self-kill"), args: ["TERM"] });
      assert.equal(r.stdout, "before\n");
      assert.deepEqual(r.close, { exitCode: 143, signal: "SIGTERM" });
    });

    it("cancelling ends the process and its children", async () => {
      const abort = new AbortController();
      let pids: number[] = [];
      const run = (async () => {
        for await (const res of exec.run(
          { target, command: command("family") },
          { signal: abort.signal },
        )) {
          if (res.event.case === "output") {
            pids = Buffer.from(res.event.value.data).toString().trim().split(" ").map(Number);
            abort.abort();
          }
        }
      })();
      assert.equal((await codeOf(run)).code, Code.Canceled);
      assert.equal(pids.length, 2);
      assert.ok(await eventually(() => noneAlive(pids, alive)), `still alive: ${pids}`);
    });

    it("a process that ignores SIGTERM is killed after the grace period", async () => {
      const abort = new AbortController();
      let pid = 0;
      const run = (async () => {
        for await (const res of exec.run(
          { target, command: command("stubborn") },
          { signal: abort.signal },
        )) {
          if (res.event.case === "output") {
            pid = Number(Buffer.from(res.event.value.data).toString().trim());
            abort.abort();
          }
        }
      })();
      await codeOf(run);
      assert.ok(pid > 0);
      assert.ok(await eventually(() => noneAlive([pid], alive), 5000), `pid ${pid} survived`);
    });

    it("a deadline ends the call with DEADLINE_EXCEEDED and the process", async () => {
      let pids: number[] = [];
      const run = (async () => {
        for await (const res of exec.run(
          { target, command: command("family") },
          { timeoutMs: 500 },
        )) {
          if (res.event.case === "output")
            pids = Buffer.from(res.event.value.data).toString().trim().split(" ").map(Number);
        }
      })();
      assert.equal((await codeOf(run)).code, Code.DeadlineExceeded);
      assert.ok(await eventually(async () => pids.length === 2 && noneAlive(pids, alive)));
    });

    it("delivers multi-byte characters split across chunks intact", async () => {
      const r = await runToEnd(exec, { target, command: command("utf8-split") });
      assert.equal(r.stdout, "héllo wörld €\nsecond line\nlast partial");
      assert.equal(r.stderr, "érr ✓\n");
    });

    it("refuses an empty command, a missing working directory, an unknown command", async () => {
      assert.equal(
        (await codeOf(runToEnd(exec, { target, command: "" }))).code,
        Code.InvalidArgument,
      );
      const cwd = await codeOf(
        runToEnd(exec, { target, command: command("args"), cwd: "/no/such/dir" }),
      );
      assert.equal(cwd.code, Code.InvalidArgument);
      assert.match(cwd.message, /\/no\/such\/dir/);
      const missing = await codeOf(runToEnd(exec, { target, command: command("no-such-binary") }));
      assert.equal(missing.code, Code.NotFound);
      assert.match(missing.message, /no-such-binary/);
      // A NUL byte or a variable name holding "=" is refused before anything starts.
      for (const bad of [{ args: ["a\0b"] }, { env: { "PATH=/evil": "x" } }]) {
        const refused = await codeOf(runToEnd(exec, { target, command: command("args"), ...bad }));
        assert.equal(refused.code, Code.InvalidArgument, JSON.stringify(bad));
      }
      // ...and the daemon keeps serving.
      assert.equal(
        (await runToEnd(exec, { target, command: command("args"), args: ["ok"] })).stdout,
        "ok\n",
      );
    });

    it("refuses a file that is not executable", async () => {
      const r = await codeOf(runToEnd(exec, { target, command: command("not-executable") }));
      assert.equal(r.code, Code.PermissionDenied);
    });
  });
}

async function noneAlive(pids: number[], alive: AliveProbe): Promise<boolean> {
  for (const p of pids) if (await alive(p)) return false;
  return true;
}

export { HOST_BIN };
