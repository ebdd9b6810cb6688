import type { DaemonConfig } from "@ddbridge/bridge-daemon";
import { startBridge } from "./bridge.js";

/**
 * The fixture backend and a daemon for browser tests: pass `ui` to serve a
 * page with the shim at "/". Returns the URL a page opens with
 * `#ddbridge-token=` and TOKEN.
 */
export async function startUiBridge(config: Partial<DaemonConfig>) {
  const bridge = await startBridge({
    name: "browser-test",
    image: "example/hello:1.0",
    unixPath: undefined,
    ...config,
  });
  return { url: bridge.url, close: bridge.close };
}
