import type { ExtensionOptions } from "@ddbridge/playwright";
import { defineConfig } from "@playwright/test";

// Two ways to run this extension's backend under test:
//   npm test               the Go backend as a local process, the UI from the Vite dev server;
//   npm run test:up        the extension image, built and run as Docker Desktop does (ddbridge up).
const mode = process.env.BACKEND_MODE ?? "process";
if (mode !== "process" && mode !== "up") {
  throw new Error(`BACKEND_MODE is "process" or "up", not "${mode}"`);
}
const port = Number(process.env.PORT ?? 3000);

const extension: ExtensionOptions =
  mode === "up"
    ? // build/image is the image's build context (tests/global-setup.ts); --network none: no
      // registry or network is needed, the backend only listens on its socket.
      { dir: "build/image", backend: "up", args: ["--network", "none"] }
    : {
        dir: ".",
        uiSource: `http://localhost:${port}`,
        backend: { command: ["./bin/service", "-socket", "{socket}"] },
      };

// A system Chromium (CHROMIUM=/usr/bin/chromium) instead of Playwright's own download.
const chromium = process.env.CHROMIUM;

export default defineConfig({
  testDir: "tests",
  globalSetup: "./tests/global-setup.ts",
  workers: 1,
  reporter: [["list"], ["json", { outputFile: "test-results/report.json" }]],
  use: {
    extension,
    trace: "retain-on-failure",
    ...(chromium && {
      launchOptions: {
        executablePath: chromium,
        args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
      },
    }),
  },
  webServer:
    mode === "up"
      ? undefined
      : {
          command: "npm run dev --prefix ui",
          url: `http://localhost:${port}`,
          env: { PORT: String(port) },
          reuseExistingServer: !process.env.CI,
        },
});
