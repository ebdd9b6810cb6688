import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { Exec, Target } from "@ddbridge/client";
import { eventually, isAlive, startBridge, type TestBridge } from "@ddbridge/testing";
import { openSession } from "./session-io.js";

const vm = (command: string, args: string[] = []) => ({
  case: "start" as const,
  value: { run: { target: Target.VM, command, args } },
});
const vmTty = (command: string, args: string[], cols: number, rows: number) => ({
  case: "start" as const,
  value: { run: { target: Target.VM, command, args }, tty: { cols, rows } },
});

describe("Exec.Session", () => {
  let bridge: TestBridge;
  before(async () => {
    bridge = await startBridge();
  });
  after(() => bridge.close());

  for (const kind of ["grpc", "connect-h2"] as const) {
    it(`${kind}: cat returns exactly the bytes written (1 MiB of binary, in order), then exits 0`, async () => {
      const exec = createClient(Exec, bridge.transport(kind));
      const s = openSession(exec, vm("cat"));
      const data = randomBytes(1024 * 1024);
      for (let i = 0; i < data.length; i += 50_000) {
        s.send({ case: "input", value: data.subarray(i, i + 50_000) });
      }
      s.send({ case: "endInput", value: {} });
      assert.deepEqual(await s.done, { exitCode: 0, signal: "" });
      assert.equal(s.stdout().length, data.length);
      assert.ok(s.stdout().equals(data), "the bytes differ");
    });
  }

  it("the caller's half-close is end of input", async () => {
    const exec = createClient(Exec, bridge.transport());
    const s = openSession(exec, vm("cat"));
    s.send({ case: "input", value: Buffer.from("last words") });
    s.finish();
    assert.deepEqual(await s.done, { exitCode: 0, signal: "" });
    assert.equal(s.stdout().toString(), "last words");
  });

  it("without a TTY, stdout and stderr stay apart", async () => {
    const exec = createClient(Exec, bridge.transport());
    const s = openSession(exec, vm("sh", ["-c", "read x; echo out $x; echo err $x >&2"]));
    s.send({ case: "input", value: Buffer.from("7\n") });
    assert.deepEqual(await s.done, { exitCode: 0, signal: "" });
    assert.equal(s.stdout().toString(), "out 7\n");
    assert.equal(s.stderr().toString(), "err 7\n");
  });

  it("with a TTY: the command sees a terminal of the asked size, follows a resize, echoes input", async () => {
    const exec = createClient(Exec, bridge.transport());
    const s = openSession(exec, vmTty("sh", [], 91, 33));
    s.send({ case: "input", value: Buffer.from("stty size; tty -s && echo is-a-tty\n") });
    await s.waitFor(/33 91\r?\n[\s\S]*is-a-tty/);
    s.send({ case: "resize", value: { cols: 120, rows: 40 } });
    s.send({ case: "input", value: Buffer.from("stty size\n") });
    await s.waitFor("40 120");
    s.send({ case: "input", value: Buffer.from("echo hi\n") });
    await s.waitFor(/(\n|# )hi\r\n/);
    s.send({ case: "input", value: Buffer.from("exit 3\n") });
    assert.deepEqual(await s.done, { exitCode: 3, signal: "" });
  });

  it("with a TTY, Ctrl+C interrupts the foreground command, as at a terminal", async () => {
    const exec = createClient(Exec, bridge.transport());
    const s = openSession(exec, vmTty("sleep", ["30"], 80, 24));
    await sleep(200);
    s.send({ case: "input", value: Buffer.from("\x03") });
    assert.deepEqual(await s.done, { exitCode: 130, signal: "SIGINT" });
  });

  it("a signal message reaches the command's group", async () => {
    const exec = createClient(Exec, bridge.transport());
    const s = openSession(exec, vm("sleep", ["30"]));
    await sleep(200);
    s.send({ case: "signal", value: "SIGINT" });
    assert.deepEqual(await s.done, { exitCode: 130, signal: "SIGINT" });
  });

  it("ends with the command's close though the caller never ends its input", async () => {
    const exec = createClient(Exec, bridge.transport());
    const s = openSession(exec, vm("sh", ["-c", "echo bye"]));
    assert.deepEqual(await s.done, { exitCode: 0, signal: "" });
    // Input after the end is taken by no one and fails no one.
    s.send({ case: "input", value: Buffer.from("late") });
    assert.equal(s.stdout().toString(), "bye\n");
  });

  it("holds a caller that floods a command that never reads: memory stays bounded", async (t) => {
    const exec = createClient(Exec, bridge.transport());
    const abort = new AbortController();
    const s = openSession(exec, vm("sh", ["-c", "echo $$; exec sleep 30"]), {
      signal: abort.signal,
    });
    const pid = Number((await s.waitFor(/\d+\n/)).trim());
    const chunk = Buffer.alloc(64 * 1024, 1);
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 1024; i++) s.send({ case: "input", value: chunk }); // 64 MiB offered
    await sleep(1500);
    const takenMiB = (s.taken() * chunk.length) / 1024 / 1024;
    const grownMiB = (process.memoryUsage().rss - before) / 1024 / 1024;
    // The pipe (64 KiB) plus HTTP/2's windows: a few MiB are taken, not 64.
    assert.ok(takenMiB < 16, `the transport took ${takenMiB.toFixed(1)} MiB of 64`);
    assert.ok(grownMiB < 64, `memory grew ${grownMiB.toFixed(1)} MiB`);
    t.diagnostic(
      `64 MiB offered: ${takenMiB.toFixed(1)} MiB taken, RSS +${grownMiB.toFixed(1)} MiB`,
    );
    // Messages keep their order, so a signal would wait behind the input: the caller cancels.
    abort.abort();
    await assert.rejects(s.done);
    await eventually(() => !isAlive(pid));
  });

  it("cancelling the call kills the command", async () => {
    const exec = createClient(Exec, bridge.transport());
    const abort = new AbortController();
    const s = openSession(exec, vm("sh", ["-c", "echo $$; exec sleep 30"]), {
      signal: abort.signal,
    });
    const pid = Number((await s.waitFor(/\d+\n/)).trim());
    assert.ok(isAlive(pid));
    abort.abort();
    await assert.rejects(s.done);
    await eventually(() => !isAlive(pid));
  });

  it("refuses what is not a session with INVALID_ARGUMENT, and ends the command then", async () => {
    const exec = createClient(Exec, bridge.transport());
    const codeOf = async (p: Promise<unknown>) =>
      p.then(
        () => assert.fail("expected an error"),
        (e) => ConnectError.from(e),
      );
    const notStart = openSession(exec, { case: "input", value: Buffer.from("x") });
    let e = await codeOf(notStart.done);
    assert.equal(e.code, Code.InvalidArgument);
    assert.match(e.rawMessage, /first message of a session must be start, got input/);

    const zero = openSession(exec, vmTty("sh", [], 0, 24));
    e = await codeOf(zero.done);
    assert.equal(e.code, Code.InvalidArgument);
    assert.match(e.rawMessage, /cols and rows must be 1 to 10000, got 0x24/);

    const s = openSession(exec, vm("sh", ["-c", "echo $$; exec sleep 30"]));
    const pid = Number((await s.waitFor(/\d+\n/)).trim());
    s.send({ case: "signal", value: "SIGSTOP" });
    e = await codeOf(s.done);
    assert.equal(e.code, Code.InvalidArgument);
    assert.match(e.rawMessage, /signal must be one of SIGINT/);
    await eventually(() => !isAlive(pid));

    const twice = openSession(exec, vm("cat"));
    twice.send(vm("cat"));
    e = await codeOf(twice.done);
    assert.equal(e.code, Code.InvalidArgument);
    assert.match(e.rawMessage, /one start message/);
  });

  it("keeps the exec rules: host commands only from the shipped binaries", async () => {
    const exec = createClient(Exec, bridge.transport());
    const s = openSession(exec, {
      case: "start",
      value: { run: { target: Target.HOST, command: "/bin/sh" }, tty: { cols: 80, rows: 24 } },
    });
    const e = await s.done.then(
      () => assert.fail("expected an error"),
      (err) => ConnectError.from(err),
    );
    assert.equal(e.code, Code.InvalidArgument);
  });
});
