import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { promisify } from "node:util";
import { chromiumSkip, dockerForTests, eventually, tempDir } from "@ddbridge/testing";
import { leftovers, ROOT, runSuite, SAMPLE } from "./sample-suite.js";

const run = promisify(execFile);
const docker = await dockerForTests();

/** The containers `ddbridge up` made (it labels them), still on the engine. */
async function extensionContainers(): Promise<string[]> {
  if (!docker.engine) return [];
  const list = await docker.engine.api.listContainers({
    all: true,
    filters: { label: ["io.ddbridge.extension"] },
  });
  return list.map((c) => `${c.Names.join(",")} (${c.State})`);
}

describe("examples/react-extension's Playwright suite, on the packed tarballs", {
  skip: chromiumSkip(),
  timeout: 900_000,
}, () => {
  before(async () => {
    // As an author before the packages are published: the sample's package.json
    // names the tarballs in dist-packages/, installed with plain npm.
    await run(process.execPath, [join(ROOT, "scripts", "pack.mjs")], { maxBuffer: 1 << 24 });
    await rm(join(SAMPLE, "node_modules", "@ddbridge"), { recursive: true, force: true });
    await run("npm", ["install", "--no-package-lock", "--no-audit", "--no-fund"], {
      cwd: SAMPLE,
      timeout: 300_000,
    });
  });

  it("passes with the backend as a local process and the UI from Vite, leaving nothing behind", async (t) => {
    const r = await runSuite(SAMPLE, {});
    assert.equal(r.code, 0, r.output);
    assert.deepEqual(
      r.tests.map((x) => x.status),
      Array(11).fill("passed"),
      r.output,
    );
    t.diagnostic(`local process: ${r.startupMs} ms from npx playwright test to the first test`);
    // tests/record.spec.ts wrote the recording that ui/src/App.test.tsx replays.
    const recording = JSON.parse(
      await readFile(join(SAMPLE, "ui", "src", "__recordings__", "app.json"), "utf8"),
    ) as { version: number; calls: { api: string }[] };
    assert.equal(recording.version, 1);
    assert.equal(recording.calls.length, 4);
    assert.ok(
      await eventually(async () => (await leftovers(SAMPLE)).length === 0),
      `${await leftovers(SAMPLE)}`,
    );
  });

  it("passes with the extension image run by ddbridge up, leaving no container behind", {
    skip: docker.skip ?? false,
  }, async (t) => {
    const r = await runSuite(SAMPLE, { BACKEND_MODE: "up" });
    assert.equal(r.code, 0, r.output);
    const statuses = r.tests.map((x) => x.status).sort();
    assert.deepEqual(statuses, [...Array(10).fill("passed"), "skipped"], r.output);
    t.diagnostic(`ddbridge up: ${r.startupMs} ms from npx playwright test to the first test`);
    assert.deepEqual(await extensionContainers(), []);
    assert.ok(
      await eventually(async () => (await leftovers(SAMPLE)).length === 0),
      `${await leftovers(SAMPLE)}`,
    );
  });

  it("fails readably on a broken UI, with the daemon's log attached", async (t) => {
    const copy = await tempDir("ddbridge-broken-sample-");
    try {
      const dir = join(copy.dir, "react-extension");
      await cp(SAMPLE, dir, {
        recursive: true,
        filter: (src) => !/[/\\](node_modules|bin|build|test-results)$/.test(src),
      });
      await symlink(join(SAMPLE, "node_modules"), join(dir, "node_modules"));
      await symlink(join(SAMPLE, "ui", "node_modules"), join(dir, "ui", "node_modules"));
      const app = join(dir, "ui", "src", "App.tsx");
      const source = await readFile(app, "utf8");
      assert.ok(source.includes('get("/hello")'));
      await writeFile(app, source.replace('get("/hello")', 'get("/helo")'));

      const r = await runSuite(dir, {}, ["-g", "calls its backend"]);
      assert.equal(r.code, 1, r.output);
      const [failed] = r.tests;
      assert.equal(failed?.status, "failed");
      assert.match(failed!.error, /toHaveValue/);
      assert.match(failed!.error, /hello from the backend/, "the expected value");
      assert.match(failed!.error, /404/, "what the page showed instead");
      const log = failed!.attachments.find((a) => a.name === "ddbridge daemon log");
      assert.ok(log, JSON.stringify(failed!.attachments.map((a) => a.name)));
      assert.match(log.body, /"request":"GET \/helo","status":404/);
      // In test-results/, which CI uploads, as a file (also under CI=true), token taken out.
      assert.ok(log.path?.startsWith(join(dir, "test-results")), log.path);
      const files = await run("find", [join(dir, "test-results"), "-name", "ddbridge-daemon.log"]);
      assert.ok(files.stdout.trim(), "test-results/ holds ddbridge-daemon.log");
      assert.doesNotMatch(log.body, /ddbridge-(token|code)=(?!\(redacted\))/);
      const consoleLog = failed!.attachments.find((a) => a.name === "browser console");
      assert.ok(consoleLog, "the browser's errors and warnings are attached too");
      assert.match(r.output, /ddbridge daemon log/, "the list reporter names the attachment");
      t.diagnostic(`the report of the broken UI:\n${r.output}`);
      assert.ok(
        await eventually(async () => (await leftovers(dir)).length === 0),
        `${await leftovers(dir)}`,
      );
    } finally {
      await copy.remove();
    }
  });
});
