import type { DockerEngine } from "../engine/engine.js";
import { reachBackend } from "../install/remote-backend.js";
import { removeReadyFile, writeReadyFile } from "../process/ready-file.js";
import { youngGc } from "../process/young-gc.js";
import { usePacedCollection } from "../rpc/gc-pacer.js";
import { startDaemon } from "../server/daemon.js";
import type { CliFlags } from "./flags.js";
import { openInBrowser } from "./open-in-browser.js";
import { type ResolvedConfig, resolveConfig, stateDir } from "./resolve-config.js";
import { uiUrl } from "./ui-url.js";
import { UsageError } from "./usage-error.js";
import { version } from "./version.js";

/** `ddbridge serve`: the daemon of an extension folder, until SIGINT/SIGTERM. */
export async function serve(flags: CliFlags): Promise<number> {
  pacedCollectionForThisProcess();
  return serveUntilSignal(await resolveConfig(flags), untilSignal, {
    open: flags.open,
    readyFile: flags["ready-file"],
  });
}

/** What serving does besides serving: open a browser, announce readiness, run hooks. */
export interface ServeOptions {
  open?: boolean | undefined;
  /** `--ready-file`: where to write the ready signal once listening. */
  readyFile?: string | undefined;
  /** Runs once serving; resolves with what to run at shutdown. */
  onStarted?: (url: string | undefined) => Promise<() => Promise<void>>;
}

/** Starts the daemon of a resolved configuration and runs it until SIGINT/SIGTERM. */
export async function serveUntilSignal(
  { config, token, warnings }: ResolvedConfig,
  wait = untilSignal,
  { open = false, readyFile, onStarted = async () => async () => {} }: ServeOptions = {},
): Promise<number> {
  for (const w of warnings) config.logger.warn(w);
  if (token.generated) config.logger.info("generated a new token", { tokenFile: token.file });
  // Listen for signals before the daemon says "listening": a SIGTERM right
  // after that line must shut down cleanly (exit 0), not kill the process.
  const signalled = wait();
  // A backend on an ssh:// engine's machine is reached through a forwarded socket.
  const backend = await reachBackend(config.docker?.engine, config.socketPath, stateDir(), (err) =>
    config.logger.warn("the backend's socket could not be reached over ssh", {
      error: err.message,
    }),
  );
  const daemon = await startDaemon({ ...config, socketPath: backend.socketPath }).catch(
    async (err) => {
      await backend.close();
      throw err;
    },
  );
  if (config.ui && daemon.url) {
    const url = uiUrl(daemon.url, config.token);
    process.stdout.write(`Open the extension UI: ${url}\n`);
    if (open) openInBrowser(url, config.logger);
  }
  const stopped = await onStarted(daemon.url);
  if (readyFile) {
    const ready = {
      ...(daemon.url ? { url: daemon.url } : {}),
      ...(config.unixPath ? { unix: config.unixPath } : {}),
      pid: process.pid,
      version: version(),
    };
    await writeReadyFile(readyFile, ready).catch(async (err: Error) => {
      // A daemon that cannot say it is ready does not serve on unannounced.
      await daemon.close();
      await stopped();
      throw new UsageError(`--ready-file ${readyFile}: ${err.message}`);
    });
  }
  const signal = await signalled;
  config.logger.info("shutting down", { signal });
  if (readyFile) await removeReadyFile(readyFile);
  await daemon.close();
  closeRemoteSockets(config.docker?.engine);
  await backend.close();
  await stopped();
  return 0;
}

/**
 * Paced young-generation collections for the daemon's streams and up's
 * image copies (rpc/gc-pacer.ts): a V8 decision for the whole process, so
 * the commands that run a daemon make it, and no library module does.
 */
export function pacedCollectionForThisProcess(): void {
  usePacedCollection(youngGc());
}

/** Ends the ssh connection an ssh:// engine's forwarded sockets share (it would keep the process alive). */
export function closeRemoteSockets(engine: DockerEngine | undefined): void {
  if (engine?.remote?.kind === "ssh") engine.remote.sockets.close();
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
