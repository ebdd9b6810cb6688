import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { stopProcessGroup } from "./process-group.js";
import { startDdbridge } from "./start-ddbridge.js";

describe("startDdbridge", () => {
  it("learns the URL from the ready file, and the file goes when the daemon stops", async () => {
    const dir = await mkdtemp(join(tmpdir(), "start-ddbridge-"));
    try {
      await writeFile(join(dir, "metadata.json"), JSON.stringify({ name: "x" }));
      const env = { ...process.env, DDBRIDGE_TOKEN: randomBytes(24).toString("hex") };
      const unix = join(dir, "d.sock");
      const d = await startDdbridge(
        ["--extension", dir, "--listen", "127.0.0.1:0", "--unix", unix],
        { env, detached: true },
      );
      assert.match(d.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(d.ready.unix, unix);
      assert.equal(d.ready.pid, d.child.pid);
      // The ready signal comes once the daemon answers: the health check, over Connect.
      const health = await fetch(`${d.url}/grpc.health.v1.Health/Check`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${env.DDBRIDGE_TOKEN}`,
        },
        body: "{}",
      });
      assert.deepEqual(await health.json(), { status: "SERVING" });
      await stopProcessGroup(d.child);
      assert.equal(await d.exit, 0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("rejects with what ddbridge said when it exits before serving", async () => {
    await assert.rejects(
      startDdbridge(["--extension", "/nonexistent-extension-folder"]),
      /ddbridge serve exited \(code 2\) before serving:\n.*no \/nonexistent-extension-folder\/metadata\.json/s,
    );
  });
});
