import assert from "node:assert/strict";
import type { Server } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createClient } from "@connectrpc/connect";
import { HttpService } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import {
  type DaemonProcess,
  extensionDir,
  spawnDaemon,
  startFixtureBackend,
  type TempDir,
  TOKEN,
  tempDir,
} from "@ddbridge/testing";

const MiB = 1024 * 1024;

/** The fixture's /large body: byte i is i % 251. */
function assertLargeBody(body: Uint8Array, size: number) {
  assert.equal(body.byteLength, size);
  for (let i = 0; i < size; i++) {
    if (body[i] !== i % 251) assert.fail(`byte ${i} is ${body[i]}, not ${i % 251}`);
  }
}

// The daemon in a process of its own, as in use: in one process with its
// client, reads and writes take turns and the session never fills.
describe("large unary bodies, many at once on one HTTP/2 session", () => {
  let dir: TempDir;
  let backend: Server;
  const daemons: DaemonProcess[] = [];
  before(async () => {
    dir = await tempDir();
    backend = await startFixtureBackend(join(dir.dir, "backend.sock"));
  });
  after(async () => {
    for (const d of daemons) {
      d.child.kill("SIGTERM");
      await d.exit;
    }
    await new Promise((r) => backend.close(r));
    await dir.remove();
  });

  // 64 × 4 MiB in flight is four times the daemon's 64 MiB of HTTP/2 session
  // memory: connect-node's path wrote each message whole, and new streams were
  // reset ENHANCE_YOUR_CALM.
  for (const fastPath of [true, false]) {
    for (const protocol of ["grpc", "connect"] as const) {
      it(`${fastPath ? "hot path" : "--no-fast-path"}, ${protocol}: 64 callers × 3 calls of 4 MiB arrive whole`, async () => {
        const ext = await extensionDir();
        const d = await spawnDaemon(
          [
            ...["--extension", ext.dir, "--listen", "127.0.0.1:0"],
            ...["--socket", join(dir.dir, "backend.sock"), "--log-level", "info"],
            ...(fastPath ? [] : ["--no-fast-path"]),
          ],
          { DDBRIDGE_TOKEN: TOKEN, DDBRIDGE_HOME: dir.dir },
        );
        daemons.push(d);
        const client = createClient(
          HttpService,
          createNodeTransport({ url: d.url, token: TOKEN, protocol }),
        );
        const failures: string[] = [];
        await Promise.all(
          Array.from({ length: 64 }, async () => {
            for (let i = 0; i < 3; i++) {
              try {
                const res = await client.call({ path: `/large?bytes=${4 * MiB}` });
                assert.equal(res.status, 200);
                assertLargeBody(res.body, 4 * MiB);
              } catch (err) {
                failures.push(String(err));
              }
            }
          }),
        );
        assert.deepEqual(failures.slice(0, 3), [], `${failures.length} of 192 calls failed`);
      });
    }
  }
});
