import { connectEngine } from "../engine/engine.js";
import { writeServing } from "../install/serving-record.js";
import { type Installed, up } from "../install/up.js";
import { type CliFlags, SET_BY_UP, withDefaults } from "./flags.js";
import { type ExtensionConfig, resolveDaemon, stateDir, uiFromFlags } from "./resolve-config.js";
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
  if (!source || extra.length) throw new UsageError("up takes one IMAGE or DIR");
  for (const f of SET_BY_UP) {
    if ((given as Record<string, unknown>)[f.name] !== undefined) {
      throw new UsageError(`up sets --${f.name} itself`);
    }
  }
  const flags = withDefaults(given);
  pacedCollectionForThisProcess();
  const engine = connectEngine(flags["docker-host"]);
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
  const resolved = await resolveDaemon(flags, extensionOf(installed, await uiFromFlags(flags)));
  process.stdout.write(`Remove it with: ddbridge down ${source}\n`);
  return serveUntilSignal(resolved, wait, {
    open: flags.open,
    readyFile: flags["ready-file"],
    onStarted: (url) => writeServing(installed.dir, url),
  });
}

/**
 * `--env NAME=VALUE` and `--env NAME` (the value from this environment): the
 * only variables besides DESKTOP_PLUGIN_IMAGE a compose file gets.
 */
export function envFlags(entries: string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    const name = eq < 0 ? entry : entry.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new UsageError(`--env ${JSON.stringify(entry)}: expected NAME or NAME=VALUE`);
    }
    const value = eq < 0 ? process.env[name] : entry.slice(eq + 1);
    if (value === undefined) throw new UsageError(`--env ${name}: ${name} is not set here`);
    vars[name] = value;
  }
  return vars;
}

/** The extension part of the daemon's configuration, as `up` installed it. */
export function extensionOf(installed: Installed, ui?: ExtensionConfig["ui"]): ExtensionConfig {
  return {
    name: installed.name,
    image: installed.image,
    socketPath: installed.socketPath,
    hostBinDir: Object.keys(installed.hostBinaries).length ? installed.filesDir : undefined,
    hostBinaries: installed.hostBinaries,
    vm: installed.vmContainer ? { container: installed.vmContainer } : undefined,
    ui: ui ?? installed.ui,
  };
}

/**
 * The privileges an extension asks for, shown before anything starts, as
 * Docker Desktop shows them: allowed by --yes, or by a "y" at a terminal;
 * without a terminal and without --yes, refused.
 */
async function allowPrivileges(
  privileges: string[],
  yes: boolean,
  log: (message: string) => void,
): Promise<boolean> {
  log(`the extension asks for these privileges:\n  ${privileges.join("\n  ")}`);
  if (yes) {
    log("allowed by --yes");
    return true;
  }
  if (!process.stdin.isTTY) return false;
  const { createInterface } = await import("node:readline/promises");
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question("Install it anyway? [y/N] ")).trim());
  } finally {
    rl.close();
  }
}
