import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { it } from "node:test";
import { tempDir } from "@ddbridge/testing";
import { lockInstall } from "./install-lock.js";

it("lets one up at a time install an extension, and takes over the lock of one that died", async () => {
  const home = await tempDir();
  try {
    const release = await lockInstall(home.dir, "ext");
    await assert.rejects(
      lockInstall(home.dir, "ext"),
      /another ddbridge up \(pid \d+\) is installing ext/,
    );
    const other = await lockInstall(home.dir, "other-ext");
    await other();
    await release();
    // A lock left by a process that is gone is stale.
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => gone.once("exit", r));
    await writeFile(join(home.dir, "extensions", ".ext.lock"), String(gone.pid));
    const again = await lockInstall(home.dir, "ext");
    await again();
  } finally {
    await home.remove();
  }
});
