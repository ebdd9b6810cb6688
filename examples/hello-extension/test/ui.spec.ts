import assert from "node:assert/strict";
import { hostname } from "node:os";
import { after, before, describe, it } from "node:test";
import {
  chromiumSkip,
  eventually,
  isAlive,
  launchChromium,
  newPage,
  TOKEN,
} from "@ddbridge/testing";
import type { Browser, Page } from "playwright-core";
import { startExampleBridge } from "./example-bridge.js";

describe("the example extension UI in Chromium", { skip: chromiumSkip() }, () => {
  let browser: Browser;
  let bridge: Awaited<ReturnType<typeof startExampleBridge>>;
  before(async () => {
    browser = await launchChromium();
    bridge = await startExampleBridge();
  });
  after(async () => {
    await browser.close();
    await bridge.close();
  });

  for (const protocol of ["connect", "grpc-web"] as const) {
    it(`every kind of backend call works over ${protocol}`, async () => {
      const page: Page = await newPage(browser);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${bridge.url}/?ddbridge-protocol=${protocol}#ddbridge-token=${TOKEN}`);
      assert.equal(
        await page.evaluate(() => location.hash),
        "",
        "the token leaves the address bar",
      );
      await page.waitForFunction(() =>
        document.getElementById("platform")?.textContent?.includes("("),
      );
      assert.equal(
        await page.textContent("#platform"),
        `${process.platform} ${process.arch} (${hostname()})`,
      );

      const click = async (id: string, expected: string | RegExp) => {
        await page.click(`#${id}-btn`);
        const out = page.locator(`#${id}-out`);
        await out.filter({ hasText: expected }).waitFor({ timeout: 5000 });
      };
      await click("hello", "hello from the backend");
      await page.locator('[role="status"]', { hasText: "The backend answered" }).waitFor();
      await click("post", 'backend received {"greeting":"hi there"}');
      await click("error", "Not Found (404): status 404");
      assert.equal(await page.getAttribute("#error-out", "class"), "error");
      await click("vm", "hello from the backend: from the UI");
      await click("host", "hello from the host / from the UI");
      await click("v0", "hello from the backend: v0 call");

      // Streaming with a stop button: the process is gone afterwards.
      await page.click("#stream-btn");
      await page.locator("#stream-out", { hasText: "tick 2" }).waitFor();
      const pid = Number(
        /ticker pid (\d+)/.exec((await page.textContent("#stream-out")) ?? "")?.[1],
      );
      assert.ok(isAlive(pid));
      await page.click("#stop-btn");
      assert.ok(await eventually(() => !isAlive(pid)), `ticker ${pid} still running`);
      const lines = await page.textContent("#stream-out");
      await page.waitForTimeout(600);
      assert.equal(await page.textContent("#stream-out"), lines, "no output after close()");
      assert.equal(await page.textContent("#stream-status"), "stopped");

      // A reload keeps working: the token was kept in sessionStorage.
      await page.reload();
      await click("hello", "hello from the backend");
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
