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
