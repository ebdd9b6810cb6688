import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { DdClient } from "@ddbridge/client";
import { connectDdClient } from "@ddbridge/client/node";
import type { RecordedCall, Recording } from "@ddbridge/web-shim";
import { test as base } from "@playwright/test";
import { type ExtensionOptions, planBridge } from "./extension-options.js";
import { redactToken } from "./redact-token.js";
import { type RunningBridge, startBridge } from "./start-bridge.js";

/** A toast the extension showed (`ddClient.desktopUI.toast.*`, or navigate's info toast). */
export interface Toast {
  kind: "success" | "warning" | "error" | "info";
  message: string;
}

/** The `ddbridge` fixture: the daemon serving this worker's extension. */
export interface Ddbridge {
  /** The daemon's base URL. */
  url: string;
  /** Its bearer token. */
  token: string;
  /** The UI's URL with the token, where `page` was opened. */
  pageUrl: string;
  /** A `ddClient`-shaped client of the same backend, from Node (`@ddbridge/client`). */
  client: DdClient;
  /** The toasts `page` showed so far in this test, in order. */
  toasts: Toast[];
  /** The ddClient calls `page` made so far in this test, with their outcomes, in the order they settled. */
  calls: RecordedCall[];
  /** The daemon's and the backend's logs since the worker started. */
  logs(): { daemon: string; backend: string };
}

interface WorkerFixtures {
  /** The extension under test: a folder, or `{ dir, image, uiSource, backend, env, args }`. */
  extension: string | ExtensionOptions;
  /** How long starting the daemon and backend may take (default 120 s: `up` may build an image). */
  ddbridgeStartTimeout: number;
  ddbridgeWorker: RunningBridge;
}

/**
 * Playwright's `test` with the extension's UI as `page` (authenticated,
 * `window.ddClient` working) and `ddbridge`. One daemon per worker; its logs
 * are attached to the report of a test that fails.
 */
interface TestFixtures {
  ddbridge: Ddbridge;
  /**
   * A file (relative to the Playwright config) to write this test's ddClient
   * calls to, as a recording that `@ddbridge/web-shim/mock` replays in unit tests.
   */
  ddbridgeRecord: string | undefined;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  ddbridgeRecord: [undefined, { option: true }],
  extension: [".", { scope: "worker", option: true }],
  ddbridgeStartTimeout: [120_000, { scope: "worker", option: true }],
  ddbridgeWorker: [
    async ({ extension, ddbridgeStartTimeout }, use, workerInfo) => {
      const bridge = await startBridge(
        planBridge(extension, configDir(workerInfo.config)),
        ddbridgeStartTimeout,
      );
      try {
        await use(bridge);
      } finally {
        await bridge.stop();
      }
    },
    { scope: "worker", timeout: 300_000 },
  ],
  ddbridge: async ({ ddbridgeWorker: bridge, ddbridgeRecord }, use, testInfo) => {
    const before = bridge.logs();
    const ddbridge: Ddbridge = {
      url: bridge.url,
      token: bridge.token,
      pageUrl: `${bridge.url}/#ddbridge-token=${encodeURIComponent(bridge.token)}`,
      client: connectDdClient({
        url: bridge.url,
        token: bridge.token,
        protocol: "connect",
        httpVersion: "1.1",
      }),
      toasts: [],
      calls: [],
      logs: () => bridge.logs(),
    };
    await use(ddbridge);
    if (ddbridgeRecord) {
      const file = resolve(configDir(testInfo.config), ddbridgeRecord);
      await mkdir(dirname(file), { recursive: true });
      const recording: Recording = { version: 1, calls: ddbridge.calls };
      await writeFile(file, `${JSON.stringify(recording, null, 2)}\n`);
    }
    if (testInfo.status !== testInfo.expectedStatus) {
      const after = bridge.logs();
      await testInfo.attach("ddbridge daemon log", {
        body:
          redactToken(after.daemon.slice(before.daemon.length)) ||
          "(nothing logged during this test)",
        contentType: "text/plain",
      });
      if (after.backend) {
        await testInfo.attach("backend log", {
          body: after.backend.slice(before.backend.length) || "(nothing logged during this test)",
          contentType: "text/plain",
        });
      }
    }
  },
  page: async ({ page, ddbridge }, use) => {
    await page.exposeFunction("__ddbridgeRecordToast", (t: Toast) => {
      ddbridge.toasts.push(t);
    });
    await page.exposeFunction("__ddbridgeRecordCall", (c: RecordedCall) => {
      ddbridge.calls.push(c);
    });
    await page.addInitScript(() => {
      // The shim raises "ddbridge:call" per settled call when this is set before it loads.
      (window as unknown as { __DDBRIDGE_RECORD__: boolean }).__DDBRIDGE_RECORD__ = true;
      addEventListener("ddbridge:call", (e) =>
        (window as unknown as { __ddbridgeRecordCall(c: unknown): void }).__ddbridgeRecordCall(
          (e as CustomEvent).detail,
        ),
      );
      addEventListener("ddbridge:toast", (e) =>
        (window as unknown as { __ddbridgeRecordToast(t: unknown): void }).__ddbridgeRecordToast(
          (e as CustomEvent).detail,
        ),
      );
    });
    await page.goto(ddbridge.pageUrl);
    await use(page);
  },
});

/** Where the options' relative paths start: the Playwright config's folder, as for testDir. */
function configDir(config: { configFile?: string }): string {
  return config.configFile ? dirname(config.configFile) : process.cwd();
}
