import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { uiUrl } from "@ddbridge/bridge-daemon";
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  chromiumSkip,
  startUiBridge,
  type TempDir,
  TOKEN,
  tempDir,
} from "@ddbridge/testing";
import { chromium } from "playwright-core";

/** Every regular file under `dir`, with its bytes. */
async function filesUnder(dir: string): Promise<{ path: string; bytes: Buffer }[]> {
  const out: { path: string; bytes: Buffer }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push({ path, bytes: await readFile(path).catch(() => Buffer.alloc(0)) });
  }
  return out;
}

/** Whether `bytes` hold `text` as UTF-8 or UTF-16 (Chromium's storage writes both). */
const holds = (bytes: Buffer, text: string) =>
  bytes.includes(Buffer.from(text, "utf8")) || bytes.includes(Buffer.from(text, "utf16le"));

describe("the browser's profile after opening the printed link", { skip: chromiumSkip() }, () => {
  let bridge: Awaited<ReturnType<typeof startUiBridge>>;
  let profile: TempDir;
  before(async () => {
    bridge = await startUiBridge({
      ui: { root: join(import.meta.dirname, "conformance"), entry: "index.html" },
    });
    profile = await tempDir("ddbridge-profile-");
  });
  after(async () => {
    await bridge?.close();
    await profile?.remove();
  });

  it("holds no token, and the code its history holds is spent", async () => {
    const context = await chromium.launchPersistentContext(profile.dir, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    try {
      const page = await context.newPage();
      await page.addInitScript({ content: "globalThis.__name = (f) => f;" });
      const call = () =>
        page.evaluate(() => (window as any).ddClient.extension.vm.service.get("/hello"));
      await page.goto(uiUrl(bridge.url, TOKEN));
      assert.deepEqual(await call(), { message: "hello from the backend" });
      assert.equal(new URL(page.url()).hash, "", "the code is taken out of the address bar");
      await page.reload();
      assert.deepEqual(
        await call(),
        { message: "hello from the backend" },
        "a reload keeps the session",
      );
      await page.goto("about:blank");
    } finally {
      // Closing writes History, Sessions and the rest out.
      await context.close();
    }
    const files = await filesUnder(profile.dir);
    const leaks = files.filter((f) => holds(f.bytes, TOKEN)).map((f) => f.path);
    assert.deepEqual(leaks, [], "the daemon's token is in no profile file");
    // What the history does hold: the address opened, with a code that no longer works.
    const history = files.find((f) => f.path.endsWith("/Default/History"));
    assert.ok(history, "Chromium wrote its History");
    const code = /ddbridge-code=(c1\.[\w.-]+)/.exec(history.bytes.toString("latin1"))?.[1];
    assert.ok(code, "the opened address, code included, is in History");
    const again = await fetch(`${bridge.url}/ddbridge/session`, { method: "POST", body: code });
    assert.equal(again.status, 401);
    assert.deepEqual(await again.json(), { message: "this login link was already used" });
  });

  it("a spent link in a new tab says so, and how to get a fresh one", async () => {
    const other = await tempDir("ddbridge-profile-");
    const context = await chromium.launchPersistentContext(other.dir, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    try {
      const link = uiUrl(bridge.url, TOKEN);
      const first = await context.newPage();
      await first.goto(link);
      await first.evaluate(() => (window as any).ddClient.extension.vm.service.get("/hello"));
      // A new tab has its own sessionStorage: the spent code is all it has.
      const second = await context.newPage();
      await second.goto(link);
      const overlay = second.getByRole("alertdialog");
      await overlay.waitFor();
      const text = String(await overlay.textContent());
      assert.match(text, /this login link was already used/);
      assert.ok(text.includes(`npx ddbridge url ${bridge.url}`), text);
    } finally {
      await context.close();
      await other.remove();
    }
  });
});
