import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { createClient } from "@connectrpc/connect";
import { Exec, Target } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import {
  type DaemonProcess,
  eventually,
  extensionDir,
  HOST_BIN,
  isAlive,
  spawnDaemon,
  startBridge,
  type TestBridge,
  TOKEN,
} from "@ddbridge/testing";

const linux = process.platform === "linux";

/** Starts `setsid-child` (a shell and a grandchild in its own session); resolves with both pids. */
function startTree(client: ReturnType<typeof createClient<typeof Exec>>, signal: AbortSignal) {
  let resolvePids!: (pids: number[]) => void;
  const pids = new Promise<number[]>((r) => {
    resolvePids = r;
  });
  const ended = (async () => {
    for await (const res of client.run(
      { target: Target.HOST, command: "setsid-child" },
      { signal },
    )) {
      if (res.event.case === "output") {
        resolvePids(Buffer.from(res.event.value.data).toString().trim().split(" ").map(Number));
      }
    }
  })().catch(() => {});
  return { pids, ended };
}

/** The watchdog process of daemon `pid` (its argument starts with the daemon's pid). */
function watchdogOf(pid: number): number | undefined {
  for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      if (argv.some((a) => a.includes("watchdog-main")) && argv.at(-2)?.startsWith(`${pid}.`))
        return Number(name);
    } catch {}
  }
  return undefined;
}

describe("no process outlives its command or the daemon", { skip: !linux }, () => {
  let bridge: TestBridge;
  before(async () => {
    bridge = await startBridge();
  });
  after(() => bridge.close());

  it("a grandchild that left the process group (setsid) is gone after close()", async () => {
    const exec = createClient(Exec, bridge.transport());
    const abort = new AbortController();
    const tree = startTree(exec, abort.signal);
    const pids = await tree.pids;
    assert.equal(pids.length, 2);
    assert.ok(pids.every(isAlive));
    abort.abort();
    await tree.ended;
    assert.ok(await eventually(() => pids.every((p) => !isAlive(p))), `still alive: ${pids}`);
  });

  for (const [label, killWatchdog] of [
    ["its watchdog ends 20 of 20 process trees at once", false],
    ["with its watchdog killed too, the next daemon start ends them", true],
  ] as const) {
    it(`after the daemon is SIGKILLed, ${label}`, async () => {
      const ext = await extensionDir({ name: "reaping-test" });
      const args = ["--extension", ext.dir, "--listen", "127.0.0.1:0", "--host-bin", HOST_BIN];
      let daemon: DaemonProcess | undefined = await spawnDaemon(args, { DDBRIDGE_TOKEN: TOKEN });
      const exec = createClient(Exec, createNodeTransport({ url: daemon.url, token: TOKEN }));
      const abort = new AbortController();
      const trees = Array.from({ length: killWatchdog ? 3 : 20 }, () =>
        startTree(exec, abort.signal),
      );
      const pids = (await Promise.all(trees.map((t) => t.pids))).flat();
      assert.ok(pids.every(isAlive));
      const watchdog = watchdogOf(daemon.child.pid!);
      if (killWatchdog && watchdog) process.kill(watchdog, "SIGKILL");
      daemon.child.kill("SIGKILL");
      await daemon.exit;
      abort.abort();
      try {
        if (killWatchdog) {
          await new Promise((r) => setTimeout(r, 500));
          assert.ok(pids.every(isAlive), "nothing but the next start ends them");
          daemon = await spawnDaemon(args, { DDBRIDGE_TOKEN: TOKEN });
          assert.match(daemon.stderr(), /dead daemon's commands left running/);
        } else daemon = undefined;
        assert.ok(
          await eventually(() => pids.every((p) => !isAlive(p))),
          `${pids.filter(isAlive).length} of ${pids.length} processes alive`,
        );
        if (!killWatchdog)
          assert.ok(
            watchdog && (await eventually(() => !isAlive(watchdog))),
            "the watchdog exits after",
          );
      } finally {
        for (const p of pids.filter(isAlive)) process.kill(p, "SIGKILL");
        daemon?.child.kill("SIGKILL");
        await daemon?.exit;
        await ext.remove();
      }
    });
  }
});
