import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { SessionRequestSchema, Target, TerminalSizeSchema } from "@ddbridge/proto";
import type { ExecRunner, ProcessInput } from "../exec/runner.js";
import { runSession, terminalSize } from "./exec-session.js";

/** A command that records what reaches it and ends when its input ends. */
function recordingRunner(seen: string[]): ExecRunner {
  return {
    async *run(_spec, signal, attach) {
      let done!: () => void;
      const ended = new Promise<void>((r) => (done = r));
      const input: ProcessInput = {
        async write(data) {
          seen.push(`input ${new TextDecoder().decode(data)}`);
        },
        end() {
          seen.push("end");
          done();
        },
        resize: (s) => seen.push(`resize ${s.cols}x${s.rows}`),
        signal: (name) => seen.push(`signal ${name}`),
      };
      seen.push(`tty ${attach?.tty ? `${attach.tty.cols}x${attach.tty.rows}` : "none"}`);
      yield { kind: "started", input };
      await Promise.race([ended, new Promise((r) => signal.addEventListener("abort", r))]);
      if (!signal.aborted) yield { kind: "close", exitCode: 0 };
    },
  };
}

async function* messages(...events: Parameters<typeof create<typeof SessionRequestSchema>>[1][]) {
  for (const e of events) yield create(SessionRequestSchema, e);
}

describe("runSession", () => {
  it("hands input, resize and signals to the command in order; the caller's end is end of input", async () => {
    const seen: string[] = [];
    const out = [];
    for await (const res of runSession(
      { vm: recordingRunner(seen) },
      messages(
        {
          event: {
            case: "start",
            value: { run: { target: Target.VM, command: "x" }, tty: { cols: 80, rows: 24 } },
          },
        },
        { event: { case: "input", value: new TextEncoder().encode("a") } },
        { event: { case: "resize", value: { cols: 90, rows: 30 } } },
        { event: { case: "signal", value: "SIGINT" } },
      ),
      [],
    )) {
      out.push(res.event.case);
    }
    assert.deepEqual(seen, ["tty 80x24", "input a", "resize 90x30", "signal SIGINT", "end"]);
    assert.deepEqual(out, ["close"]);
  });

  it("ends the command and the call with INVALID_ARGUMENT on a bad message mid-session", async () => {
    const seen: string[] = [];
    const run = async () => {
      for await (const _ of runSession(
        { vm: recordingRunner(seen) },
        messages(
          { event: { case: "start", value: { run: { target: Target.VM, command: "x" } } } },
          { event: { case: "signal", value: "SIGSTOP" } },
        ),
        [],
      )) {
      }
    };
    await assert.rejects(run, (e: ConnectError) => e.code === Code.InvalidArgument);
  });
});

describe("terminalSize", () => {
  it("takes 1 to 10000 on each side", () => {
    assert.deepEqual(terminalSize(create(TerminalSizeSchema, { cols: 1, rows: 10_000 })), {
      cols: 1,
      rows: 10_000,
    });
    for (const [cols, rows] of [
      [0, 24],
      [80, 10_001],
    ]) {
      assert.throws(
        () => terminalSize(create(TerminalSizeSchema, { cols, rows })),
        (e: ConnectError) => e instanceof ConnectError && e.code === Code.InvalidArgument,
      );
    }
  });
});
