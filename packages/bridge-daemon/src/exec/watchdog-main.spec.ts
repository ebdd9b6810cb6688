import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { eventually, isAlive } from "@ddbridge/testing";
import { RUN_MARKER, startTimeIn } from "./run-marker.js";

describe("the watchdog process", { skip: process.platform !== "linux" && "reads /proc" }, () => {
  it("sweeps and exits when its daemon is gone, even while its stdin stays open", async () => {
    // A stand-in daemon: any process; its marker is `<pid>.<start time>`.
    const daemon = spawn("sleep", ["1000"], { stdio: "ignore" });
    const start = startTimeIn(readFileSync(`/proc/${daemon.pid}/stat`, "utf8"));
    const owner = `${daemon.pid}.${start}`;
    // A command of that daemon, carrying its marker.
    const command = spawn("sleep", ["1000"], {
      stdio: "ignore",
      env: { ...process.env, [RUN_MARKER]: `${owner}/1` },
    });
    // The watchdog, with its stdin held open here (not by the daemon).
    const watchdog = spawn(
      process.execPath,
      ["--import", "tsx", join(import.meta.dirname, "watchdog-main.ts"), owner],
      { stdio: ["pipe", "ignore", "inherit"] },
    );
    try {
      await new Promise((r) => setTimeout(r, 1500));
      assert.ok(isAlive(watchdog.pid!) && isAlive(command.pid!), "nothing happens while it runs");
      daemon.kill("SIGKILL");
      assert.ok(await eventually(() => !isAlive(watchdog.pid!), 10_000), "the watchdog exited");
      assert.ok(await eventually(() => !isAlive(command.pid!), 5_000), "the command was killed");
    } finally {
      for (const c of [daemon, command, watchdog]) c.kill("SIGKILL");
    }
  });
});
