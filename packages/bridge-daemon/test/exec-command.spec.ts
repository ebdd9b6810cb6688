import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DDBRIDGE_BIN,
  eventually,
  runProcess,
  startBridge,
  type TestBridge,
  TOKEN,
} from "@ddbridge/testing";
import * as pty from "node-pty";

/** `ddbridge exec ARGS` in a real pseudo-terminal of 80x24, as a person at a terminal runs it. */
function inTerminal(bridge: TestBridge, args: string[]) {
  const term = pty.spawn(process.execPath, [DDBRIDGE_BIN, "exec", "--url", bridge.url, ...args], {
    cols: 80,
    rows: 24,
    env: { ...process.env, DDBRIDGE_TOKEN: TOKEN } as Record<string, string>,
  });
  let out = "";
  term.onData((d) => {
    out += d;
  });
  const exited = new Promise<number>((r) => term.onExit((e) => r(e.exitCode)));
  return { term, out: () => out, exited };
}

/** `ddbridge exec ARGS` against the daemon at `url`, with pipes and `input` on its stdin. */
function piped(url: string, args: string[], input?: string, token = TOKEN) {
  return runProcess(process.execPath, [DDBRIDGE_BIN, "exec", "--url", url, ...args], {
    ...(input === undefined ? {} : { input }),
    env: { ...process.env, DDBRIDGE_TOKEN: token },
  });
}

describe("ddbridge exec", () => {
  let bridge: TestBridge;
  before(async () => {
    bridge = await startBridge();
  });
  after(() => bridge.close());

  it("-it: a terminal of this window's size, resizes followed, the command's exit code returned", async () => {
    const t = inTerminal(bridge, ["-it", "sh"]);
    await eventually(() => /# $/.test(t.out()), 5000);
    t.term.write("stty size\r");
    await eventually(() => t.out().includes("24 80"), 5000);
    t.term.resize(100, 30);
    await new Promise((r) => setTimeout(r, 200));
    t.term.write("stty size\r");
    await eventually(() => t.out().includes("30 100"), 5000);
    t.term.write("echo hi\r");
    await eventually(() => /\r\nhi\r\n/.test(t.out()), 5000);
    t.term.write("exit 3\r");
    assert.equal(await t.exited, 3);
  });

  it("-it: Ctrl+C reaches the command, as at its own terminal", async () => {
    const t = inTerminal(bridge, ["-it", "sleep", "30"]);
    await new Promise((r) => setTimeout(r, 1000));
    t.term.write("\x03");
    assert.equal(await t.exited, 130);
  });

  it("-i: piped stdin reaches the command; its end is end of input; stderr stays apart", async () => {
    const r = await piped(bridge.url, ["-i", "sh", "-c", "cat; echo done >&2"], "piped in\n");
    assert.deepEqual(r, { code: 0, stdout: "piped in\n", stderr: "done\n" });
  });

  it("passes the command's own flags through, and exits as docker exec does when it cannot run", async () => {
    const flags = await piped(bridge.url, ["-e", "X=1", "sh", "-c", "echo $X $0", "-n"]);
    assert.deepEqual(flags, { code: 0, stdout: "1 -n\n", stderr: "" });
    const missing = await piped(bridge.url, ["no-such-command"]);
    assert.equal(missing.code, 127);
    assert.match(missing.stderr, /command not found: no-such-command/);
    const exit = await piped(bridge.url, ["sh", "-c", "exit 42"]);
    assert.equal(exit.code, 42);
  });

  it("exits 125 naming the problem when there is no daemon or the token is wrong", async () => {
    const none = await piped("http://127.0.0.1:9", ["true"]);
    assert.equal(none.code, 125);
    assert.match(none.stderr, /ddbridge exec: .*(ECONNREFUSED|connect)/i);
    const wrong = await piped(bridge.url, ["true"], undefined, "y".repeat(40));
    assert.equal(wrong.code, 125);
    assert.match(wrong.stderr, /invalid bearer token/);
  });
});
