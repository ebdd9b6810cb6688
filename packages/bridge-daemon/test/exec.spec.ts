import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Code, createClient } from "@connectrpc/connect";
import { Exec, Target } from "@ddbridge/client";
import { HOST_BIN, startBridge, type TestBridge } from "@ddbridge/testing";
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
