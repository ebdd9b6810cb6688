import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { uiUrl } from "@ddbridge/bridge-daemon";
import type { DdClient } from "@ddbridge/client";
import { connectDdClient } from "@ddbridge/client/node";
import type { RecordedCall } from "@ddbridge/web-shim";
import { test as base, type Page, type TestInfo } from "@playwright/test";
import { type ExtensionOptions, planBridge } from "./extension-options.js";
import { redactToken } from "./redact-token.js";
import { type RunningBridge, StartFailure, startBridge } from "./start-bridge.js";
import { claimFailure, failureMarker, reportedFailure } from "./start-once.js";
import { type RedactCall, writeRecording } from "./write-recording.js";

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
  /** The UI's URL with a fresh single-use login code (a new one at each read); `page` opened one. */
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

/** One more extension of the test (the `extensions` option): its daemon, as `ddbridge` has it. */
export type OtherExtension = Pick<Ddbridge, "url" | "token" | "pageUrl" | "client" | "logs">;

interface WorkerFixtures {
  /** The extension under test: a folder, or `{ dir, image, uiSource, backend, env, args }`. */
  extension: string | ExtensionOptions;
  /**
   * More extensions beside `extension`, by name, each as `extension` takes
   * one: each gets its own daemon, origin and token, and its own page in
   * `pages` (for extensions that talk to each other through containers).
   */
  extensions: Record<string, string | ExtensionOptions>;
  ddbridgeOthers: Record<string, RunningBridge>;
  /** How long starting the daemon and backend may take (default 120 s: `up` may build an image). */
  ddbridgeStartTimeout: number;
  ddbridgeWorker: WorkerBridge;
}

/** The worker's daemon, or why it could not start (reported by one test of the run). */
type WorkerBridge =
  | { bridge: RunningBridge }
  | { failure: StartFailure; marker: string; reportedBefore: boolean };

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
  /**
   * Rewrites each call before the recording is written: bodies and command
   * output are stored as they came (exec `env` values never are).
   */
  ddbridgeRedact: RedactCall | undefined;
  /** A page per extension of the `extensions` option, by name, each logged into its own origin. */
  pages: Record<string, Page>;
  /** The daemon of each extension of the `extensions` option, by name. */
  ddbridges: Record<string, OtherExtension>;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  ddbridgeRecord: [undefined, { option: true }],
  ddbridgeRedact: [undefined, { option: true }],
  extension: [".", { scope: "worker", option: true }],
  extensions: [{}, { scope: "worker", option: true }],
  ddbridgeOthers: [
    async ({ extensions, ddbridgeStartTimeout }, use, workerInfo) => {
      const running: Record<string, RunningBridge> = {};
      try {
        for (const [name, option] of Object.entries(extensions)) {
          const plan = planBridge(option, configDir(workerInfo.config));
          running[name] = await startBridge(plan, ddbridgeStartTimeout).catch((err: Error) => {
            throw new Error(`ddbridge could not start the extension "${name}": ${err.message}`);
          });
        }
        await use(running);
      } finally {
        await Promise.all(Object.values(running).map((b) => b.stop()));
      }
    },
    { scope: "worker", timeout: 300_000 },
  ],
  ddbridgeStartTimeout: [120_000, { scope: "worker", option: true }],
  ddbridgeWorker: [
    async ({ extension, ddbridgeStartTimeout }, use, workerInfo) => {
      const plan = planBridge(extension, configDir(workerInfo.config));
      const marker = failureMarker(workerInfo.project.outputDir, plan);
      const earlier = await reportedFailure(marker);
      if (earlier !== undefined) {
        // Another worker of this run failed to start the same thing: not again.
        const failure = new StartFailure(earlier, { daemon: "", backend: "" });
        return use({ failure, marker, reportedBefore: true });
      }
      let bridge: RunningBridge;
      try {
        bridge = await startBridge(plan, ddbridgeStartTimeout);
      } catch (err) {
        const failure =
          err instanceof StartFailure
            ? err
            : new StartFailure(String(err), { daemon: "", backend: "" });
        return use({ failure, marker, reportedBefore: false });
      }
      try {
        await use({ bridge });
      } finally {
        await bridge.stop();
      }
    },
    { scope: "worker", timeout: 300_000 },
  ],
  ddbridge: async ({ ddbridgeWorker: worker, ddbridgeRecord, ddbridgeRedact }, use, testInfo) => {
    if ("failure" in worker) {
      const { failure, marker } = worker;
      if (!worker.reportedBefore && (await claimFailure(marker, failure.message))) {
        await attachLogs(testInfo, failure.logs);
        throw new Error(
          `ddbridge could not start this extension for the tests; the other tests that need it are skipped.\n${failure.message}`,
        );
      }
      testInfo.skip(
        true,
        "ddbridge could not start this extension: the first failed test says why",
      );
      return;
    }
    const { bridge } = worker;
    const before = bridge.logs();
    // Object.assign keeps daemonOf's pageUrl getter (a spread would read it once).
    const ddbridge: Ddbridge = Object.assign(daemonOf(bridge), { toasts: [], calls: [] });
    await use(ddbridge);
    if (ddbridgeRecord) {
      const file = resolve(configDir(testInfo.config), ddbridgeRecord);
      await writeRecording(file, ddbridge.calls, ddbridgeRedact);
    }
    if (testInfo.status !== testInfo.expectedStatus) {
      const after = bridge.logs();
      await attachLogs(testInfo, {
        daemon: after.daemon.slice(before.daemon.length),
        backend: after.backend.slice(before.backend.length),
      });
    }
  },
  ddbridges: async ({ ddbridgeOthers }, use) => {
    const all = Object.fromEntries(
      Object.entries(ddbridgeOthers).map(([name, bridge]) => [name, daemonOf(bridge)]),
    );
    await use(all);
  },
  pages: async ({ context, ddbridges }, use) => {
    const opened: Record<string, Page> = {};
    for (const [name, other] of Object.entries(ddbridges)) {
      const p = await context.newPage();
      await p.goto(other.pageUrl);
      opened[name] = p;
    }
    await use(opened);
  },
  page: async ({ page, ddbridge }, use, testInfo) => {
    // What the browser said: a blank page's reason (a 404 script, an exception) is here.
    const browserSaid: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning")
        browserSaid.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => browserSaid.push(`uncaught: ${e.stack ?? e.message}`));
    page.on("requestfailed", (r) =>
      browserSaid.push(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`),
    );
    page.on("response", (r) => {
      if (r.status() >= 400)
        browserSaid.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
    });
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
    if (testInfo.status !== testInfo.expectedStatus) {
      await attachFile(
        testInfo,
        "browser console",
        "browser-console.log",
        redactToken(browserSaid.join("\n")) || "(no errors or warnings)",
      );
    }
  },
});

/**
 * Writes the daemon's and the backend's logs into the test's output folder
 * and attaches them by path: `test-results/` (what CI uploads) and the HTML
 * report both carry the files, with the token taken out.
 */
async function attachLogs(testInfo: TestInfo, logs: { daemon: string; backend: string }) {
  await attachFile(
    testInfo,
    "ddbridge daemon log",
    "ddbridge-daemon.log",
    redactToken(logs.daemon) || "(nothing logged during this test)",
  );
  if (logs.backend) {
    await attachFile(testInfo, "backend log", "backend.log", redactToken(logs.backend));
  }
}

async function attachFile(testInfo: TestInfo, name: string, file: string, body: string) {
  const path = testInfo.outputPath(file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, body.endsWith("\n") ? body : `${body}\n`);
  await testInfo.attach(name, { path, contentType: "text/plain" });
}

/** A running daemon as tests see it: its address, a client, fresh login links, its logs. */
function daemonOf(bridge: RunningBridge): OtherExtension {
  return {
    url: bridge.url,
    token: bridge.token,
    // A fresh single-use login code at each read: a test may open several pages.
    get pageUrl() {
      return uiUrl(bridge.url, bridge.token);
    },
    client: connectDdClient({
      url: bridge.url,
      token: bridge.token,
      protocol: "connect",
      httpVersion: "1.1",
    }),
    logs: () => bridge.logs(),
  };
}

/** Where the options' relative paths start: the Playwright config's folder, as for testDir. */
function configDir(config: { configFile?: string }): string {
  return config.configFile ? dirname(config.configFile) : process.cwd();
}
