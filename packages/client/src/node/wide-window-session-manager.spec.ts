import assert from "node:assert/strict";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { createWideWindowSessionManager } from "./wide-window-session-manager.js";

describe("createWideWindowSessionManager", () => {
  it("widens the connection and stream receive windows of a real session", async () => {
    const server = http2.createServer((_req, res) => res.end("ok"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const manager = createWideWindowSessionManager(url);
    try {
      const stream = await manager.request("GET", "/", {}, {});
      stream.resume();
      await new Promise((r) => stream.once("end", r));
      const state = stream.session!.state;
      assert.ok(
        (state.effectiveLocalWindowSize ?? 0) >= 32 * 1024 * 1024,
        `connection window ${state.effectiveLocalWindowSize}`,
      );
      assert.equal(stream.session!.localSettings.initialWindowSize, 16 * 1024 * 1024);
      stream.session!.close();
    } finally {
      server.close();
    }
  });
});
