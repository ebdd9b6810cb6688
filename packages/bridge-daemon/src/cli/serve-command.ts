import { startDaemon } from "../server/daemon.js";
import { type CliFlags, type ResolvedConfig, resolveConfig } from "./resolve-config.js";
import { uiUrl } from "./ui-url.js";

/** `ddbridge serve`: the daemon of an extension folder, until SIGINT/SIGTERM. */
export async function serve(flags: CliFlags): Promise<number> {
  return serveUntilSignal(await resolveConfig(flags));
}

/** Starts the daemon of a resolved configuration and runs it until SIGINT/SIGTERM. */
export async function serveUntilSignal(
  { config, token, warnings }: ResolvedConfig,
  wait = untilSignal,
): Promise<number> {
  for (const w of warnings) config.logger.warn(w);
  if (token.generated) config.logger.info("generated a new token", { tokenFile: token.file });
  const daemon = await startDaemon(config);
  if (config.ui && daemon.url) {
    process.stdout.write(`Open the extension UI: ${uiUrl(daemon.url, config.token)}\n`);
    for (const origin of config.browser.allowOrigins) {
      process.stdout.write(`From your dev server:  ${uiUrl(origin, config.token)}\n`);
    }
  }
  const signal = await wait();
  config.logger.info("shutting down", { signal });
  await daemon.close();
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
