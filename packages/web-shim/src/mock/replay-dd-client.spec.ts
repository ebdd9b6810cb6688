import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Recording } from "../recording.js";
import { installReplayDdClient, replayDdClient } from "./replay-dd-client.js";

const RECORDING: Recording = {
  version: 1,
  calls: [
    { api: "extension.vm.service.get", args: ["/hello"], result: { message: "hi" } },
    {
      api: "extension.vm.service.get",
      args: ["/items"],
      error: { name: "ServiceError", statusCode: 500, message: "the item store is down" },
    },
    { api: "extension.vm.service.get", args: ["/hello"], result: { message: "hi again" } },
    {
      api: "extension.host.cli.exec",
      args: ["hello", ["you"]],
      result: { cmd: "hello you", code: 0, stdout: "a\nb\n", stderr: "" },
    },
    {
      api: "extension.vm.cli.exec",
      args: ["nope", []],
      error: {
        cmd: "nope",
        code: 127,
        stdout: "",
        stderr: "nope: not found",
        message: "nope: not found",
      },
    },
    {
      api: "extension.vm.cli.exec",
      args: ["./bin/service", ["-tick", "2"], { stream: { splitOutputLines: true } }],
      stream: [{ stdout: "tick 1" }, { stderr: "warn" }, { stdout: "tick 2" }, { close: 0 }],
    },
  ],
};

describe("replayDdClient", () => {
  it("answers each call with the next recorded outcome of the same member and arguments", async () => {
    const { ddClient, unused } = replayDdClient(RECORDING);
    const service = ddClient.extension.vm!.service!;
    assert.deepEqual(await service.get("/hello"), { message: "hi" });
    await assert.rejects(service.get("/items"), (e: { statusCode: number; message: string }) => {
      assert.equal(e.statusCode, 500);
      assert.equal(e.message, "the item store is down");
      return e instanceof Error;
    });
    assert.deepEqual(await service.get("/hello"), { message: "hi again" });
    const result = await ddClient.extension.host!.cli.exec("hello", ["you"]);
    assert.deepEqual(result.lines(), ["a", "b"]);
    assert.equal(result.code, 0);
    await assert.rejects(ddClient.extension.vm!.cli.exec("nope", []), {
      code: 127,
      stderr: "nope: not found",
    });
    assert.equal(unused().length, 1);
  });

  it("replays a streaming exec's callbacks in order", async () => {
    const { ddClient, unused } = replayDdClient(RECORDING);
    const events = await new Promise<unknown[]>((resolve) => {
      const seen: unknown[] = [];
      ddClient.extension.vm!.cli.exec("./bin/service", ["-tick", "2"], {
        stream: {
          splitOutputLines: true,
          onOutput: (d) => seen.push(d),
          onError: (e) => resolve([...seen, { error: e }]),
          onClose: (code) => resolve([...seen, { close: code }]),
        },
      });
    });
    assert.deepEqual(events, [
      { stdout: "tick 1" },
      { stderr: "warn" },
      { stdout: "tick 2" },
      { close: 0 },
    ]);
    assert.equal(unused().filter((c) => c.api === "extension.vm.cli.exec").length, 1);
  });

  it("refuses a call that was not recorded, naming it and what is left", async () => {
    const { ddClient } = replayDdClient(RECORDING);
    await assert.rejects(
      ddClient.extension.vm!.service!.post("/hello", { x: 1 }),
      /extension\.vm\.service\.post\("\/hello",\{"x":1\}\) was not recorded; unused recorded calls: extension\.vm\.service\.get\("\/hello"\)/,
    );
    const error = await new Promise((resolve) =>
      ddClient.extension.vm!.cli.exec("ls", [], {
        stream: { onError: resolve, onClose: () => resolve("closed") },
      }),
    );
    assert.match(
      String(error),
      /extension\.vm\.cli\.exec\("ls",\[\],\{"stream":\{"splitOutputLines":false\}\}\) was not recorded/,
    );
  });

  it("keeps toasts, resolves navigation, and installs where createDockerDesktopClient looks", async () => {
    const target: { ddClient?: unknown } = {};
    const { ddClient, toasts } = installReplayDdClient([], { target, image: "me/ext:1" });
    assert.equal(target.ddClient, ddClient);
    assert.equal(ddClient.extension.image, "me/ext:1");
    ddClient.desktopUI.toast.success("Saved");
    ddClient.desktopUI.toast.error("Oops");
    assert.deepEqual(toasts, [
      { kind: "success", message: "Saved" },
      { kind: "error", message: "Oops" },
    ]);
    await ddClient.desktopUI.navigate.viewContainers();
  });
});
