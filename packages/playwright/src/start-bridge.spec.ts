import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { it } from "node:test";
import { extensionDir } from "@ddbridge/testing";
import { startBridge } from "./start-bridge.js";

it("hands the daemon its token in a 0600 file, never to the backend command's environment", async () => {
  const ext = await extensionDir({ name: "env-probe", vm: { exposes: { socket: "probe.sock" } } });
  const dump = join(ext.dir, "backend-env.json");
  // A backend that records its environment, then listens on the socket it was given.
  await writeFile(
    join(ext.dir, "probe.mjs"),
    [
      'import { writeFileSync } from "node:fs";',
      'import { createServer } from "node:net";',
      `writeFileSync(${JSON.stringify(dump)}, JSON.stringify(process.env));`,
      "createServer((s) => s.end()).listen(process.argv[2]);",
    ].join("\n"),
  );
  const previous = process.env.DDBRIDGE_TOKEN;
  // Even a token in the test runner's own environment is not passed on.
  process.env.DDBRIDGE_TOKEN = "a-token-of-the-runner-s-own-environment-0123456789";
  try {
    const bridge = await startBridge(
      {
        kind: "serve",
        dir: ext.dir,
        uiSource: undefined,
        backend: { command: [process.execPath, "probe.mjs", "{socket}"] },
        env: {},
        args: [],
      },
      30_000,
    );
    try {
      const env = JSON.parse(await readFile(dump, "utf8")) as Record<string, string>;
      assert.equal(env.DDBRIDGE_TOKEN, undefined);
      assert.equal(env.DDBRIDGE_HOME, undefined);
      assert.ok(
        !Object.values(env).some((v) => v.includes(bridge.token)),
        "no variable holds the daemon's token",
      );
      // The daemon has it: a call with the token is answered.
      const res = await fetch(new URL("/ddbridge.v1.ExtensionService/GetInfo", bridge.url), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${bridge.token}` },
        body: "{}",
      });
      assert.equal(res.status, 200, await res.text());
    } finally {
      await bridge.stop();
    }
  } finally {
    if (previous === undefined) delete process.env.DDBRIDGE_TOKEN;
    else process.env.DDBRIDGE_TOKEN = previous;
    await ext.remove();
  }
});
