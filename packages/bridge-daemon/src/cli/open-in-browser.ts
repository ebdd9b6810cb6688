import { spawn } from "node:child_process";
import type { Logger } from "../log/logger.js";

/**
 * Opens `url` in the default browser (`--open`): `xdg-open`, `open` or
 * `start`, or `$BROWSER` when set. A failure is a warning: the URL is printed anyway.
 */
export function openInBrowser(url: string, logger: Logger, env = process.env): void {
  const [file, args] = env.BROWSER
    ? [env.BROWSER, [url]]
    : process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["cmd", ["/c", "start", "", url]]
        : ["xdg-open", [url]];
  const child = spawn(file, args, { stdio: "ignore", detached: true });
  child.once("error", (err) =>
    logger.warn("could not open a browser; open the URL above yourself", {
      browser: file,
      error: String(err),
    }),
  );
  child.unref();
}
