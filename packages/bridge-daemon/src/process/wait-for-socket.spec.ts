import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { waitForSocket } from "./wait-for-socket.js";

describe("waitForSocket", () => {
  it("resolves once a listener accepts, not when a stale file is there", async () => {
    const dir = await mkdtemp(join(tmpdir(), "wait-"));
    const path = join(dir, "s.sock");
    const server = createServer((s) => s.destroy());
    try {
      await writeFile(path, "");
      const waiting = waitForSocket(path, { timeoutMs: 5000, intervalMs: 10 });
      await new Promise((r) => setTimeout(r, 100));
      await rm(path);
      await new Promise<void>((r) => server.listen(path, r));
      assert.equal(await waiting, undefined);
    } finally {
      server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("says why it stopped: the time ran out, or `until` settled first", async () => {
    const path = join(tmpdir(), `nothing-${process.pid}.sock`);
    assert.match(
      (await waitForSocket(path, { timeoutMs: 50, intervalMs: 10 })) ?? "",
      /did not listen on .* within 50 ms/,
    );
    const until = new Promise<string>((r) => setTimeout(() => r("exited (code 3)"), 30));
    assert.equal(await waitForSocket(path, { timeoutMs: 10_000, until }), "exited (code 3)");
  });
});
