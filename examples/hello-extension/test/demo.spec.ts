import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { tempDir } from "@ddbridge/testing";

/** The built demo (tests run after `tsc -b`), as `npm run demo` starts it. */
const DEMO = join(import.meta.dirname, "../dist/demo/main.js");

describe("npm run demo", () => {
  it("runs the example, and the curl command it prints works", async () => {
    const home = await tempDir();
    const child = spawn(process.execPath, [DEMO, "--listen", "127.0.0.1:0"], {
      env: { ...process.env, DDBRIDGE_HOME: home.dir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      let out = "";
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d) => {
          out += d;
          if (out.includes("Press Ctrl+C")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`demo exited ${code}: ${out}`)));
      });
      assert.match(
        out,
        /vm\.service\.get\("\/hello"\)\s+-> \{"message":"hello from the backend"\}/,
      );
      assert.match(
        out,
        /host\.cli\.exec\("hello", \[\.\.\.\]\)\s+-> "hello from the host\\nfrom the demo\\n"/,
      );
      const curl = /(curl -s [^\n]*\\\n[^\n]*)/.exec(out)?.[1];
      assert.ok(curl, out);
      const { stdout } = await promisify(execFile)("bash", ["-c", curl]);
      const res = JSON.parse(stdout);
      assert.equal(res.status, 200);
      assert.equal(
        Buffer.from(res.body, "base64").toString(),
        '{"message":"hello from the backend"}',
      );
      const socketDir = /backend socket: (\S+)\/hello-extension\.sock/.exec(out)![1]!;
      child.kill("SIGINT");
      assert.equal((await once(child, "exit"))[0], 0);
      await assert.rejects(stat(socketDir), "the demo removes its backend socket folder");
    } finally {
      child.kill("SIGKILL");
      await home.remove();
    }
  });
});
