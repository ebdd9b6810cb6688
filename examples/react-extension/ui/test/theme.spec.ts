import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { chromiumSkip, launchChromium } from "@ddbridge/testing";
import type { Browser, Page } from "playwright-core";
import { build } from "vite";
import { EXTENSION, serveSample } from "./serve-ui.js";

const UI = join(EXTENSION, "ui");
const rgb = (hex: string) =>
  `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;

describe("the docker extension init UI (React, MUI 5, @docker/docker-mui-theme 0.0.13) under serve", {
  skip: chromiumSkip(),
}, () => {
  let browser: Browser;
  let served: Awaited<ReturnType<typeof serveSample>>;
  before(async () => {
    await build({ root: UI, logLevel: "warn" });
    served = await serveSample(["--ui", join(UI, "build")]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await served?.stop();
  });

  /** Opens the UI in a fresh context; returns what it rendered and every console error. */
  async function render(colorScheme: "light" | "dark", query = "") {
    const context = await browser.newContext({ colorScheme });
    // tsx names functions with __name(); the page needs it for page.evaluate.
    await context.addInitScript({ content: "globalThis.__name = (f) => f;" });
    const page: Page = await context.newPage();
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(served.url.replace("/#", `/${query}#`));
    await page.getByTestId("title").waitFor({ timeout: 10_000 });
    const styles = await page.evaluate(() => {
      const css = (el: Element | null) => (el ? getComputedStyle(el) : undefined);
      return {
        body: css(document.body)?.backgroundColor,
        text: css(document.querySelector('[data-testid="title"]'))?.color,
        swatch: css(document.querySelector('[data-testid="swatch"]'))?.backgroundColor,
        button: css(document.querySelector('[data-testid="call"]'))?.backgroundColor,
      };
    });
    await context.close();
    return { styles, errors };
  }

  it("renders in light mode with Docker's light palette and no console error", async () => {
    const { styles, errors } = await render("light");
    assert.deepEqual(errors, []);
    assert.equal(styles.body, rgb("#F4F4F6"));
    assert.equal(styles.swatch, rgb("#116ED0"), "theme.palette.docker.blue[500]");
    assert.equal(styles.button, rgb("#007BFF"), "Docker's primary blue, not MUI's #1976d2");
  });

  it("renders in emulated dark mode with Docker's dark palette and no console error", async () => {
    const { styles, errors } = await render("dark");
    assert.deepEqual(errors, []);
    assert.equal(styles.body, rgb("#202C33"));
    assert.equal(styles.text, rgb("#FFFFFF"));
  });

  it("?theme=dark and ?theme=light force one, whatever the browser prefers", async () => {
    assert.equal((await render("light", "?theme=dark")).styles.body, rgb("#202C33"));
    assert.equal((await render("dark", "?theme=light")).styles.body, rgb("#F4F4F6"));
  });
});
