import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { createClient } from "@connectrpc/connect";
import { Exec, Target } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import {
  DDBRIDGE_BIN,
  eventually,
  extensionDir,
  HOST_BIN,
  isAlive,
  spawnDaemon,
  tempDir,
} from "@ddbridge/testing";

const run = promisify(execFile);

describe("ddbridge serve", () => {
  it("generates a 0600 token file, listens on a 0600 unix socket, and serves both", async () => {
    const ext = await extensionDir({ name: "cli-test" });
    const home = await tempDir();
    const unix = join(home.dir, "d.sock");
    const d = await spawnDaemon(
      ["--extension", ext.dir, "--listen", "127.0.0.1:0", "--unix", unix, "--host-bin", HOST_BIN],
      { DDBRIDGE_HOME: home.dir, DDBRIDGE_TOKEN: "" },
    );
    try {
      const tokenFile = join(home.dir, "token");
      assert.equal((await stat(tokenFile)).mode & 0o777, 0o600);
      assert.equal((await stat(unix)).mode & 0o777, 0o600);
      for (const t of [{ url: d.url }, { socketPath: unix }]) {
        const exec = createClient(Exec, createNodeTransport({ ...t, tokenFile }));
        let out = "";
        for await (const r of exec.run({ target: Target.HOST, command: "args", args: ["hi"] })) {
          if (r.event.case === "output") out += Buffer.from(r.event.value.data).toString();
        }
        assert.equal(out, "hi\n");
      }
      assert.match(
        d.stderr(),
        /"msg":"rpc","method":"ddbridge.v1.Exec\/Run","ms":[\d.]+,"code":"ok"/,
      );
    } finally {
      d.child.kill("SIGTERM");
      await d.exit;
      await ext.remove();
      await home.remove();
    }
  });

  it("on SIGTERM ends running commands and exits 0", async () => {
    const ext = await extensionDir();
    const home = await tempDir();
    const d = await spawnDaemon(
      ["--extension", ext.dir, "--listen", "127.0.0.1:0", "--host-bin", HOST_BIN],
      {
        DDBRIDGE_HOME: home.dir,
      },
    );
    try {
      const exec = createClient(
        Exec,
        createNodeTransport({ url: d.url, tokenFile: join(home.dir, "token") }),
      );
      const pids = await new Promise<number[]>((resolve, reject) => {
        void (async () => {
          for await (const r of exec.run({ target: Target.HOST, command: "family" })) {
            if (r.event.case === "output")
              resolve(Buffer.from(r.event.value.data).toString().trim().split(" ").map(Number));
          }
        })().catch(reject);
      });
      assert.ok(pids.every(isAlive));
      d.child.kill("SIGTERM");
      assert.equal(await d.exit, 0);
      assert.ok(await eventually(() => pids.every((p) => !isAlive(p))), `left running: ${pids}`);
      assert.match(d.stderr(), /shutting down/);
    } finally {
      d.child.kill("SIGKILL");
      await ext.remove();
      await home.remove();
    }
  });

  it("exits 2 on unknown flags and 1 with a clear message on a bad extension folder", async () => {
    const bad = await run(process.execPath, [DDBRIDGE_BIN, "serve", "--nope"]).catch((e) => e);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Unknown option '--nope'/);
    const missing = await run(process.execPath, [
      DDBRIDGE_BIN,
      "serve",
      "--extension",
      "/no/such",
    ]).catch((e) => e);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read \/no\/such\/metadata\.json/);
    const help = await run(process.execPath, [DDBRIDGE_BIN, "--help"]);
    assert.match(help.stdout, /--token-file PATH/);
  });

  it("refuses to start when the port is taken", async () => {
    const ext = await extensionDir();
    const home = await tempDir();
    const first = await spawnDaemon(["--extension", ext.dir, "--listen", "127.0.0.1:0"], {
      DDBRIDGE_HOME: home.dir,
    });
    try {
      const port = new URL(first.url).port;
      const second = await run(
        process.execPath,
        [DDBRIDGE_BIN, "serve", "--extension", ext.dir, "--listen", `127.0.0.1:${port}`],
        { env: { ...process.env, DDBRIDGE_HOME: home.dir } },
      ).catch((e) => e);
      assert.equal(second.code, 1);
      assert.match(second.stderr, /EADDRINUSE/);
    } finally {
      first.child.kill("SIGTERM");
      await first.exit;
      await ext.remove();
      await home.remove();
    }
  });
});
