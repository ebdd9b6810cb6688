import type { Installed } from "../install/up.js";
import type { ExtensionConfig } from "./resolve-config.js";
import { UsageError } from "./usage-error.js";

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
export async function allowPrivileges(
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
