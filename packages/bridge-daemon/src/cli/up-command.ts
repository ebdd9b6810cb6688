import { connectEngine } from "../engine/engine.js";
import { hostRunning } from "../host/control-client.js";
import { writeServing } from "../install/serving-record.js";
import { up } from "../install/up.js";
import { type CliFlags, SET_BY_UP, withDefaults } from "./flags.js";
import { addToHost } from "./host-change-commands.js";
import { allowPrivileges, envFlags, extensionOf } from "./install-options.js";
import { resolveDaemon, stateDir, uiFromFlags } from "./resolve-config.js";
import {
  pacedCollectionForThisProcess,
  serveUntilSignal,
  type untilSignal,
} from "./serve-command.js";
import { printable } from "./terminal-text.js";
import { parseBytes, parseDuration } from "./units.js";
import { UsageError } from "./usage-error.js";

/** `ddbridge up IMAGE|DIR`: install, start the backend, then serve until a signal. */
export async function runUp(
  positionals: string[],
  given: CliFlags,
  wait: typeof untilSignal,
): Promise<number> {
  const [source, ...extra] = positionals;
  if (!source) throw new UsageError("up takes an IMAGE or DIR (several: one host serves them all)");
  if (extra.length) return (await import("./host-command.js")).runHost(positionals, given, wait);
  const home = stateDir();
  if (await hostRunning(home)) {
    const other = Object.keys(given).filter((k) => k !== "yes");
    if (other.length) {
      throw new UsageError(
        `a ddbridge host runs in ${home} and installs with its own flags: drop --${other.join(", --")}, or stop the host`,
      );
    }
    return addToHost(home, source, given.yes === true);
  }
  for (const f of SET_BY_UP) {
    if ((given as Record<string, unknown>)[f.name] !== undefined) {
      throw new UsageError(`up sets --${f.name} itself`);
    }
  }
  const flags = withDefaults(given);
  pacedCollectionForThisProcess();
  const engine = connectEngine({ host: flags["docker-host"], context: flags.context });
  const log = (message: string) =>
    process.stderr.write(`ddbridge up: ${printable(message, { keepNewlines: true })}\n`);
  const installed = await up({
    engine,
    source,
    home: stateDir(),
    ...(flags.network !== undefined ? { network: flags.network } : {}),
    publishIp: flags["publish-ip"]!,
    maxCopyBytes: parseBytes(flags["max-copy"]!),
    env: envFlags(flags.env ?? []),
    waitMs: parseDuration(flags.wait!),
    log,
    allow: (privileges) => allowPrivileges(privileges, flags.yes === true, log),
  });
  log(`${installed.image} is up; files in ${installed.dir}`);
  const resolved = await resolveDaemon(
    flags,
    extensionOf(installed, await uiFromFlags(flags)),
    process.env,
    engine,
  );
  process.stdout.write(`Remove it with: ddbridge down ${source}\n`);
  return serveUntilSignal(resolved, wait, {
    open: flags.open,
    readyFile: flags["ready-file"],
    onStarted: (url) => writeServing(installed.dir, url),
  });
}
