import { connectEngine } from "../engine/engine.js";
import { hostRunning } from "../host/control-client.js";
import { controlSocketPath, serveControl } from "../host/control-socket.js";
import { startHost } from "../host/extension-host.js";
import type { HostedSummary } from "../host/hosted-extension.js";
import { up } from "../install/up.js";
import { removeReadyFile, writeReadyFile } from "../process/ready-file.js";
import { type CliFlags, SET_BY_UP, withDefaults } from "./flags.js";
import { allowPrivileges, envFlags, extensionOf } from "./install-options.js";
import { openInBrowser } from "./open-in-browser.js";
import { resolveDaemon, stateDir } from "./resolve-config.js";
import {
  closeRemoteSockets,
  pacedCollectionForThisProcess,
  type untilSignal,
} from "./serve-command.js";
import { printable } from "./terminal-text.js";
import { parseBytes, parseDuration } from "./units.js";
import { UsageError } from "./usage-error.js";
import { version } from "./version.js";

/**
 * `ddbridge host [IMAGE|DIR...]` (and `ddbridge up A B…`): one daemon for
 * several extensions, each on its own origin `http://NAME.localhost:PORT`,
 * with the index page at `http://localhost:PORT/`; `ddbridge up`, `rm` and
 * `update` change it while it serves.
 */
export async function runHost(
  sources: string[],
  given: CliFlags,
  wait: typeof untilSignal,
): Promise<number> {
  for (const f of SET_BY_UP) {
    if ((given as Record<string, unknown>)[f.name] !== undefined) {
      throw new UsageError(`host sets --${f.name} itself`);
    }
  }
  const flags = withDefaults(given);
  const home = stateDir();
  if (await hostRunning(home)) {
    throw new UsageError(
      `a ddbridge host already runs in ${home}: add an extension to it with ddbridge up IMAGE|DIR`,
    );
  }
  pacedCollectionForThisProcess();
  const engine = connectEngine({ host: flags["docker-host"], context: flags.context });
  const say = (message: string) =>
    process.stderr.write(`ddbridge host: ${printable(message, { keepNewlines: true })}\n`);
  const noExtension = {
    name: "",
    image: "",
    socketPath: undefined,
    hostBinDir: undefined,
    vm: undefined,
    ui: undefined,
  };
  const base = await resolveDaemon(flags, noExtension, process.env, engine);
  const { logger } = base.config;
  for (const w of base.warnings) logger.warn(w);
  if (base.token.generated) logger.info("generated a new token", { tokenFile: base.token.file });
  const signalled = wait();
  const host = await startHost({
    listen: base.config.listen ?? { host: "127.0.0.1", port: 7799 },
    unixPath: base.config.unixPath,
    engine,
    logger,
    token: base.config.token,
    browser: base.config.browser,
    graceMs: base.config.killGraceMs + 1000,
    home,
    install: (source, log, allow) => {
      // Progress goes to the host's own stderr and back to whoever asked for the change.
      const tell = (line: string) => {
        say(line);
        log(line);
      };
      return up({
        engine,
        source,
        home,
        ...(flags.network !== undefined ? { network: flags.network } : {}),
        publishIp: flags["publish-ip"]!,
        maxCopyBytes: parseBytes(flags["max-copy"]!),
        env: envFlags(flags.env ?? []),
        waitMs: parseDuration(flags.wait!),
        log: tell,
        allow: (privileges) =>
          allow.yes ? Promise.resolve(true) : allowPrivileges(privileges, flags.yes === true, tell),
      });
    },
    configOf: async (installed) =>
      (await resolveDaemon(flags, extensionOf(installed), process.env, engine)).config,
  });
  const stopControl = await serveControl(controlSocketPath(home), host).catch(async (err) => {
    await host.close();
    throw err;
  });
  const added: HostedSummary[] = [];
  try {
    for (const source of sources) {
      const ext = await host.add(source, () => {}, { yes: false });
      say(`${ext.image} is up at ${ext.url}`);
      added.push(ext);
    }
  } catch (err) {
    await stopControl();
    await host.close();
    throw err;
  }
  const index = host.indexUrl();
  process.stdout.write(`Open the extensions: ${index}\n`);
  for (const ext of added) process.stdout.write(`  ${ext.url}\n`);
  process.stdout.write("Add one with: ddbridge up IMAGE|DIR; remove one with: ddbridge rm NAME\n");
  // Several extensions: the index page, as Desktop's Extensions tab; one: that extension.
  const only = added.length === 1 ? host.link(added[0]!.label) : undefined;
  if (flags.open) openInBrowser(only ?? index, logger);
  const readyFile = flags["ready-file"];
  if (readyFile) {
    await writeReadyFile(readyFile, { url: host.url, pid: process.pid, version: version() });
  }
  const signal = await signalled;
  logger.info("shutting down", { signal });
  if (readyFile) await removeReadyFile(readyFile);
  await stopControl();
  await host.close();
  closeRemoteSockets(engine);
  return 0;
}
