import { startDaemon } from "../server/daemon.js";
import { openInBrowser } from "./open-in-browser.js";
import { type CliFlags, type ResolvedConfig, resolveConfig } from "./resolve-config.js";
import { uiUrl } from "./ui-url.js";

/** `ddbridge serve`: the daemon of an extension folder, until SIGINT/SIGTERM. */
export async function serve(flags: CliFlags): Promise<number> {
  return serveUntilSignal(await resolveConfig(flags), untilSignal, flags.open);
}

/** Starts the daemon of a resolved configuration and runs it until SIGINT/SIGTERM. */
export async function serveUntilSignal(
  { config, token, warnings }: ResolvedConfig,
  wait = untilSignal,
  open = false,
  onStarted: (url: string | undefined) => Promise<() => Promise<void>> = async () => async () => {},
): Promise<number> {
  for (const w of warnings) config.logger.warn(w);
  if (token.generated) config.logger.info("generated a new token", { tokenFile: token.file });
  // Listen for signals before the daemon says "listening": a SIGTERM right
  // after that line must shut down cleanly (exit 0), not kill the process.
  const signalled = wait();
  const daemon = await startDaemon(config);
  if (config.ui && daemon.url) {
    const url = uiUrl(daemon.url, config.token);
    process.stdout.write(`Open the extension UI: ${url}\n`);
    if (open) openInBrowser(url, config.logger);
  }
  const stopped = await onStarted(daemon.url);
  const signal = await signalled;
  config.logger.info("shutting down", { signal });
  await daemon.close();
  await stopped();
  return 0;
}

/** Resolves with the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(sig);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}
