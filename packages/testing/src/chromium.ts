import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's Chromium, or CHROMIUM_PATH: these machines cannot download a browser build. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Flags for a quiet headless Chromium in a container (no sandbox, GPU or background traffic). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * `describe` skip option: the browser tests need Debian's Chromium
 * (scripts/install-test-tools.sh installs it); under CI=true its absence fails.
 */
export function chromiumSkip(): string | false {
  if (existsSync(CHROMIUM_PATH)) return false;
  const msg = `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === "true") throw new Error(`CI=true but ${msg}`);
  return msg;
}

/** Debian's Chromium, driven by playwright-core (no browser download). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * A page ready for `page.evaluate` with functions from these tests: tsx
 * (esbuild keepNames) wraps named functions in `__name(...)`, which the page
 * must have.
 */
export async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript({ content: "globalThis.__name = (f) => f;" });
  return page;
}
