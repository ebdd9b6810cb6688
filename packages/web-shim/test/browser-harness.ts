import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createLogger,
  type Daemon,
  type DaemonConfig,
  daemonConfig,
  startDaemon,
} from "@ddbridge/bridge-daemon";
import { createHelloBackend } from "hello-extension/backend";
import { type Browser, chromium, type Page } from "playwright-core";

export const TOKEN = "browser-test-token";
export const EXAMPLE = join(import.meta.dirname, "../../../examples/hello-extension");
export const HOST_BIN = join(import.meta.dirname, "../../bridge-daemon/test/host-bin");

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * `describe` skip option: the browser tests need Debian's Chromium
 * (scripts/install-test-tools.sh installs it); under CI=true its absence fails.
 */
export function chromiumSkip(): string | false {
  if (existsSync(CHROMIUM)) return false;
  const msg = `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === "true") throw new Error(`CI=true but ${msg}`);
  return msg;
}

/** Debian's Chromium, driven by playwright-core (no browser download). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
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

/** The example backend on a real socket and a daemon serving `ui` in front of it. */
export async function startUiBridge(config: Partial<DaemonConfig>) {
  const dir = await mkdtemp(join(tmpdir(), "ddbridge-browser-"));
  const socketPath = join(dir, "backend.sock");
  const backend: Server = createHelloBackend();
  await new Promise<void>((r) => backend.listen(socketPath, r));
  const daemon: Daemon = await startDaemon(
    daemonConfig({
      name: "browser-test",
      image: "example/hello:1.0",
      socketPath,
      hostBinDir: HOST_BIN,
      vm: { workdir: HOST_BIN },
      token: TOKEN,
      logger: createLogger("silent"),
      httpTimeoutMs: 5000,
      killGraceMs: 500,
      ...config,
    }),
  );
  return {
    url: daemon.url!,
    async close() {
      await daemon.close();
      await new Promise((r) => backend.close(r));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function eventually(fn: () => boolean, ms = 5000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (fn()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return fn();
}
