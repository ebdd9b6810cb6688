import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Code, createClient } from "@connectrpc/connect";
import { Exec, Target } from "@ddbridge/client";
import {
  eventually,
  HOST_BIN,
  isAlive,
  startBridge,
  type TestBridge,
  TOKEN,
} from "@ddbridge/testing";
import { codeOf, execContractSuite, runToEnd } from "./exec-contract.js";

execContractSuite(
  "host target",
  Target.HOST,
  () => startBridge(),
  (name) => name,
  HOST_BIN,
);
execContractSuite(
  "VM target, local runner",
  Target.VM,
  () => startBridge(),
  (name) => `./${name}`,
  HOST_BIN,
);

describe("Exec host target: only binaries the extension ships", () => {
  let bridge: TestBridge;
  before(async () => {
    bridge = await startBridge();
  });
  after(() => bridge.close());

  it("refuses paths, '..', symlinks out of the directory, folders and names not shipped", async () => {
    const exec = createClient(Exec, bridge.transport());
    const cases: Array<[string, Code]> = [
      ["../args", Code.InvalidArgument],
      ["/bin/echo", Code.InvalidArgument],
      ["..", Code.InvalidArgument],
      [".", Code.InvalidArgument],
      ["subdir/../args", Code.InvalidArgument],
      ["escape", Code.InvalidArgument],
      ["subdir", Code.NotFound],
      ["sh", Code.NotFound],
      ["echo", Code.NotFound],
    ];
    for (const [command, code] of cases) {
      const r = await codeOf(runToEnd(exec, { target: Target.HOST, command }));
      assert.equal(r.code, code, `${command}: ${r.message}`);
    }
  });

  it("runs a symlink that stays inside the directory", async () => {
    const exec = createClient(Exec, bridge.transport());
    const r = await runToEnd(exec, { target: Target.HOST, command: "inside-link", args: ["x"] });
    assert.equal(r.stdout, "x\n");
  });

  it("puts the host directory first on the child's PATH", async () => {
    const exec = createClient(Exec, bridge.transport());
    const r = await runToEnd(exec, { target: Target.HOST, command: "env-cwd" });
    assert.equal(r.stdout.split("\n")[2]?.split(":")[0], HOST_BIN);
  });

  it("refuses LD_PRELOAD, LD_LIBRARY_PATH and DYLD_* from the caller, for every runner on the host", async () => {
    const exec = createClient(Exec, bridge.transport());
    for (const [target, command] of [
      [Target.HOST, "args"],
      [Target.VM, "./args"],
    ] as const) {
      for (const name of ["LD_PRELOAD", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES"]) {
        const r = await codeOf(
          runToEnd(exec, { target, command, args: ["ran"], env: { [name]: "/tmp/x.so" } }),
        );
        assert.equal(r.code, Code.InvalidArgument, `${name}: ${r.message}`);
        assert.match(r.message, new RegExp(`${name} is refused`));
      }
    }
    const fine = await runToEnd(exec, {
      target: Target.HOST,
      command: "args",
      args: ["ran"],
      env: { LANG: "C" },
    });
    assert.equal(fine.stdout, "ran\n");
  });

  it("refuses arguments over the OS limit (E2BIG) with INVALID_ARGUMENT", async () => {
    const exec = createClient(Exec, bridge.transport());
    // Linux caps one argument at 128 KiB (MAX_ARG_STRLEN).
    const r = await codeOf(
      runToEnd(exec, { target: Target.HOST, command: "args", args: ["x".repeat(200 * 1024)] }),
    );
    assert.equal(r.code, Code.InvalidArgument, r.message);
    assert.match(r.message, /exceed the system's limit \(E2BIG\)/);
  });

  it("a server-side deadline ends the stream with DEADLINE_EXCEEDED, not OK, and kills the process", async () => {
    // A client that leaves the deadline to the server (Connect's timeout header, as grpcurl
    // -max-time does with grpc-timeout): the last frame must say why the stream ended.
    const body = Buffer.from(JSON.stringify({ target: "TARGET_HOST", command: "family" }));
    const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), body]);
    frame.writeUInt32BE(body.length, 1);
    const res = await fetch(`${bridge.url}/ddbridge.v1.Exec/Run`, {
      method: "POST",
      headers: {
        "content-type": "application/connect+json",
        "connect-timeout-ms": "500",
        authorization: `Bearer ${TOKEN}`,
      },
      body: frame,
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const frames: Array<{ flags: number; json: any }> = [];
    for (let i = 0; i < bytes.length; ) {
      const len = bytes.readUInt32BE(i + 1);
      frames.push({
        flags: bytes[i]!,
        json: JSON.parse(bytes.subarray(i + 5, i + 5 + len).toString()),
      });
      i += 5 + len;
    }
    const pids = Buffer.from(frames[0]!.json.output.data, "base64")
      .toString()
      .trim()
      .split(" ")
      .map(Number);
    const end = frames.at(-1)!;
    assert.equal(end.flags & 0x02, 0x02, "an end-of-stream frame");
    assert.equal(end.json.error?.code, "deadline_exceeded", JSON.stringify(end.json));
    assert.ok(
      frames.every((f) => !f.json.close),
      "no Close",
    );
    assert.ok(await eventually(() => pids.every((p) => !isAlive(p))), `still alive: ${pids}`);
  });

  it("daemon shutdown ends running commands and their streams with UNAVAILABLE", async () => {
    const b = await startBridge();
    const exec = createClient(Exec, b.transport());
    let pids: number[] = [];
    let closing: Promise<void> | undefined;
    const run = (async () => {
      for await (const res of exec.run({ target: Target.HOST, command: "family" })) {
        if (res.event.case === "output") {
          pids = Buffer.from(res.event.value.data).toString().trim().split(" ").map(Number);
          closing = b.close();
        }
        assert.notEqual(res.event.case, "close");
      }
    })();
    const r = await codeOf(run);
    assert.equal(r.code, Code.Unavailable, r.message);
    assert.match(r.message, /daemon shutting down/);
    await closing;
    assert.ok(
      await eventually(() => pids.length === 2 && pids.every((p) => !isAlive(p))),
      `still alive: ${pids}`,
    );
  });

  it("refuses an unspecified target and a target the daemon does not have", async () => {
    const exec = createClient(Exec, bridge.transport());
    assert.equal((await codeOf(runToEnd(exec, { command: "args" }))).code, Code.InvalidArgument);
    const noHost = await startBridge({ hostBinDir: undefined, vm: undefined });
    try {
      const e = createClient(Exec, noHost.transport());
      assert.equal(
        (await codeOf(runToEnd(e, { target: Target.HOST, command: "args" }))).code,
        Code.FailedPrecondition,
      );
      assert.equal(
        (await codeOf(runToEnd(e, { target: Target.VM, command: "args" }))).code,
        Code.FailedPrecondition,
      );
    } finally {
      await noHost.close();
    }
  });
});
