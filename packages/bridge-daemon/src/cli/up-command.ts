import { connectEngine, pingEngine } from "../engine/engine.js";
import { down, downAll, forgetLocally } from "../install/down.js";
import {
  EXTENSION_LABEL,
  extensionFolder,
  type InstallTarget,
  installedSlugs,
  installTarget,
  readRecord,
} from "../install/install-record.js";
import { writeServing } from "../install/serving-record.js";
import { type Installed, up } from "../install/up.js";
import {
  type CliFlags,
  type ExtensionConfig,
  resolveDaemon,
  stateDir,
  uiFromFlags,
} from "./resolve-config.js";
import { serveUntilSignal, type untilSignal } from "./serve-command.js";
import { printable } from "./terminal-text.js";
import { parseBytes, parseDuration } from "./units.js";
import { UsageError } from "./usage-error.js";

/** Flags only `up` and `down` take. */
export interface UpFlags {
  network?: string;
  "publish-ip"?: string;
  "max-copy"?: string;
  env?: string[];
  volumes?: boolean;
  wait?: string;
  yes?: boolean;
  all?: boolean;
}

/** Flags of serve that describe the extension: `up` takes them from the install. */
const SET_BY_UP = [
  "extension",
  "socket",
  "host-bin",
  "vm-container",
  "vm-workdir",
  "guest-services",
  "no-docker",
  "image",
] as const;

/** `ddbridge up IMAGE|DIR`: install, start the backend, then serve until a signal. */
export async function runUp(
  positionals: string[],
  flags: CliFlags & UpFlags,
  wait: typeof untilSignal,
): Promise<number> {
  const [source, ...extra] = positionals;
  if (!source || extra.length) throw new Error("up takes one IMAGE or DIR");
  for (const f of SET_BY_UP) {
    if (flags[f] !== undefined) throw new Error(`up sets --${f} itself`);
  }
  const engine = connectEngine(flags["docker-host"]);
  const log = (message: string) =>
    process.stderr.write(`ddbridge up: ${printable(message, { keepNewlines: true })}\n`);
  const installed = await up({
    engine,
    source,
    home: stateDir(),
    ...(flags.network !== undefined ? { network: flags.network } : {}),
    publishIp: flags["publish-ip"] ?? "127.0.0.1",
    maxCopyBytes: parseBytes(flags["max-copy"] ?? "2GiB"),
    env: envFlags(flags.env ?? []),
    waitMs: parseDuration(flags.wait ?? "60s"),
    log,
    allow: (privileges) => allowPrivileges(privileges, flags.yes === true, log),
  });
  log(`${installed.image} is up; files in ${installed.dir}`);
  const resolved = await resolveDaemon(flags, extensionOf(installed, await uiFromFlags(flags)));
  process.stdout.write(`Remove it with: ddbridge down ${source}\n`);
  return serveUntilSignal(resolved, wait, flags.open, (url) => writeServing(installed.dir, url));
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
 * The install `down SOURCE` means: that of the image or folder, else the one
 * whose record names SOURCE as its image (what `ls` shows, e.g. the
 * `ddbridge.local/…` tag a folder was built as).
 */
async function findInstall(home: string, source: string): Promise<InstallTarget> {
  const target = await installTarget(home, source);
  if (await readRecord(extensionFolder(home, target.slug))) return target;
  for (const slug of await installedSlugs(home)) {
    const record = await readRecord(extensionFolder(home, slug));
    if (record?.image === source) return { slug, image: source, folder: record.builtImage };
  }
  return target;
}

/** `ddbridge down IMAGE|DIR` or `ddbridge down --all`. */
export async function runDown(positionals: string[], flags: CliFlags & UpFlags): Promise<number> {
  const engine = connectEngine(flags["docker-host"]);
  const home = stateDir();
  if (flags.all && positionals.length) throw new Error("down takes IMAGE|DIR or --all, not both");
  const [source, ...extra] = positionals;
  if (!flags.all && (!source || extra.length)) {
    throw new Error("down takes one IMAGE or DIR (or --all)");
  }
  // Undefined with --all: every installed extension.
  const target = source === undefined ? undefined : await findInstall(home, source);
  const slug = target?.slug;
  const unreachable = await pingEngine(engine);
  if (unreachable !== undefined) {
    return forgetWithoutEngine(slug ? [slug] : await installedSlugs(home), home, {
      host: engine.host,
      reason: unreachable,
    });
  }
  const options = flags.volumes ? { volumes: "all" as const } : {};
  let removed: string[];
  if (slug) {
    const dir = extensionFolder(home, slug);
    // A record is a file: down removes the install of this image only, whatever the folder says.
    const record = await readRecord(dir);
    const image = target!.image;
    if (record && record.image !== image) {
      throw new Error(
        `the install in ${dir} is of ${record.image}, not ${image}: run ddbridge down ${record.image}`,
      );
    }
    removed = await down(engine, dir, slug, options);
  } else {
    const all = await downAll(engine, home, options);
    removed = all.results.flatMap((r) => r.removed);
    for (const what of all.skipped) process.stdout.write(`not removed: ${what}\n`);
  }
  for (const what of removed) process.stdout.write(`removed ${what}\n`);
  if (removed.length === 0) process.stdout.write("nothing to remove\n");
  return 0;
}

/**
 * `down` with no engine: the local records go, and what stays on the engine
 * is named, with how to remove it later. Exit 1 when something stays.
 */
async function forgetWithoutEngine(
  slugs: string[],
  home: string,
  engine: { host: string; reason: string },
): Promise<number> {
  let left = 0;
  for (const slug of slugs) {
    const result = await forgetLocally(extensionFolder(home, slug), slug);
    for (const what of result.removed) process.stdout.write(`removed ${what}\n`);
    for (const what of result.left) process.stdout.write(`not removed: ${what}\n`);
    left += result.left.length;
  }
  process.stderr.write(
    `ddbridge down: no Docker engine answers at ${engine.host} (${engine.reason}); only local files were removed.\n`,
  );
  if (left > 0) {
    process.stderr.write(
      `What stays on the engine carries the label ${EXTENSION_LABEL}: run "ddbridge down --all" once it answers (DOCKER_HOST or --docker-host if it is elsewhere).\n`,
    );
  }
  return left > 0 ? 1 : 0;
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
