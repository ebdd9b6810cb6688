import { defineConfig, mergeConfig } from "vitest/config";
import viteConfig from "./vite.config.ts";

// The UI's unit tests: components in jsdom, ddClient replayed from a recording
// of a real run (@ddbridge/web-shim/mock), no daemon and no browser.
export default mergeConfig(
  viteConfig,
  defineConfig({
    // @docker/extension-api-client only has a "browser" entry, with ES module syntax in it.
    resolve: { mainFields: ["browser", "module", "main"] },
    test: {
      environment: "jsdom",
      include: ["src/**/*.test.tsx"],
      testTimeout: 30_000,
      server: { deps: { inline: ["@docker/extension-api-client"] } },
    },
  }),
);
