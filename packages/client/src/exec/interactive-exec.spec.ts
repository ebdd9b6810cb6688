import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create } from "@bufbuild/protobuf";
import type { CallOptions } from "@connectrpc/connect";
import {
  type SessionRequest,
  type SessionResponse,
  SessionResponseSchema,
  Target,
} from "@ddbridge/proto";
import { interactiveExec, type SessionOpener } from "./interactive-exec.js";

/**
 * A session's far end in memory: what the client sends is recorded, and the
 * test says what comes back. The daemon's side has its own specs; this is
 * the client's bookkeeping.
 */
function fakeSession() {
  const sent: SessionRequest[] = [];
  const replies: SessionResponse[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  let options: CallOptions | undefined;
  const open: SessionOpener = (requests, opts) => {
    options = opts;
    void (async () => {
      for await (const r of requests) sent.push(r);
    })();
    return (async function* () {
      for (;;) {
        const next = replies.shift();
        if (next) yield next;
        else if (ended) return;
        else await new Promise<void>((r) => (wake = r));
      }
    })();
  };
  const reply = (event: SessionResponse["event"]) => {
    replies.push(create(SessionResponseSchema, { event }));
    wake?.();
  };
  return {
    open,
    sent,
    options: () => options,
    output: (text: string) =>
      reply({
        case: "output",
        value: { stream: 1, data: new TextEncoder().encode(text) } as never,
      }),
    close: (exitCode: number) => {
      reply({ case: "close", value: { exitCode, signal: "" } as never });
      ended = true;
    },
  };
}

const run = { target: Target.VM, command: "cat", args: [] };
const tick = () => new Promise((r) => setTimeout(r, 10));

describe("interactiveExec", () => {
  it("sends start, then input, resize, signal and end in the order they were called; big input in 1 MiB messages", async () => {
    const far = fakeSession();
    const proc = interactiveExec(far.open, run, { cols: 80, rows: 24 }, {}, {});
    proc.write("abc");
    proc.write(new Uint8Array(2.5 * 1024 * 1024));
    proc.resize(100.7, 30);
    proc.signal("SIGINT");
    proc.end();
    await tick();
    assert.deepEqual(
      far.sent.map((r) =>
        r.event.case === "input" ? `input ${r.event.value.byteLength}` : r.event.case,
      ),
      [
        "start",
        "input 3",
        "input 1048576",
        "input 1048576",
        "input 524288",
        "resize",
        "signal",
        "endInput",
      ],
    );
    const start = far.sent[0]!.event;
    assert.equal(start.case === "start" && start.value.tty?.cols, 80);
    const resize = far.sent[5]!.event;
    assert.deepEqual(resize.case === "resize" && [resize.value.cols, resize.value.rows], [100, 30]);
  });

  it("delivers output, then onClose once; after it, input is an error, not a hang", async () => {
    const far = fakeSession();
    const out: string[] = [];
    let closed: number | undefined;
    const proc = interactiveExec(
      far.open,
      run,
      undefined,
      { onOutput: (d) => out.push(d.stdout ?? ""), onClose: (c) => (closed = c) },
      {},
    );
    far.output("echoed");
    far.close(0);
    await tick();
    assert.deepEqual(out, ["echoed"]);
    assert.equal(closed, 0);
    assert.throws(() => proc.write("late"), {
      name: "BridgeError",
      grpcCode: "failed_precondition",
      message: "cat has ended: it takes no more input",
    });
    assert.throws(() => proc.end(), { grpcCode: "failed_precondition" });
  });

  it("close() cancels the call and silences the callbacks", async () => {
    const far = fakeSession();
    let heard = 0;
    const proc = interactiveExec(far.open, run, undefined, { onOutput: () => heard++ }, {});
    proc.close();
    far.output("after close");
    await tick();
    assert.equal(far.options()?.signal?.aborted, true);
    assert.equal(heard, 0);
  });

  it("refuses a terminal without a column or a row", () => {
    const far = fakeSession();
    assert.throws(() => interactiveExec(far.open, run, { cols: 0, rows: 24 }, {}, {}), {
      grpcCode: "invalid_argument",
    });
  });
});
