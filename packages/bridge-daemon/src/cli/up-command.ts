import { readdir } from "node:fs/promises";
import { connectEngine } from "../docker/engine.js";
import { down, EXTENSION_LABEL, extensionFolder } from "../up/down.js";
import { imageOf, slugOf, up } from "../up/up.js";
import { type CliFlags, resolveConfig, stateDir } from "./resolve-config.js";
import { serveUntilSignal, type untilSignal } from "./serve-command.js";
import { parseDuration } from "./units.js";

/** Flags only `up` and `down` take. */
export interface UpFlags {
  network?: string;
  wait?: string;
  all?: boolean;
}

const SET_BY_UP = [
  "extension",
  "socket",
  "host-bin",
  "vm-container",
  "guest-services",
  "no-docker",
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
  const log = (message: string) => process.stderr.write(`ddbridge up: ${message}\n`);
  const installed = await up({
    engine,
    source,
    home: stateDir(),
    network: flags.network ?? "bridge",
    waitMs: parseDuration(flags.wait ?? "60s"),
    log,
  });
  log(`${installed.image} is up; files in ${installed.dir}`);
  const resolved = await resolveConfig({
    ...flags,
    extension: installed.dir,
    "guest-services": `${installed.dir}/guest-services`,
    ...(installed.socketPath ? { socket: installed.socketPath } : {}),
    ...(installed.hostBinDir ? { "host-bin": installed.hostBinDir } : {}),
    ...(installed.vmContainer ? { "vm-container": installed.vmContainer } : {}),
  });
  resolved.config.image = installed.image;
  resolved.config.name = installed.name;
  if (!installed.vmContainer) resolved.config.vm = undefined;
  process.stdout.write(`Remove it with: ddbridge down ${source}\n`);
  return serveUntilSignal(resolved, wait);
}

/** `ddbridge down IMAGE|DIR` or `ddbridge down --all`. */
export async function runDown(positionals: string[], flags: CliFlags & UpFlags): Promise<number> {
  const engine = connectEngine(flags["docker-host"]);
  const home = stateDir();
  let slugs: string[];
  if (flags.all) {
    if (positionals.length) throw new Error("down takes IMAGE|DIR or --all, not both");
    const folders = await readdir(`${home}/extensions`).catch(() => [] as string[]);
    const labelled = await engine.api.listContainers({
      all: true,
      filters: JSON.stringify({ label: [EXTENSION_LABEL] }),
    });
    slugs = [
      ...new Set([...folders, ...labelled.map((c) => c.Labels[EXTENSION_LABEL] ?? "")]),
    ].filter(Boolean);
  } else {
    const [source, ...extra] = positionals;
    if (!source || extra.length) throw new Error("down takes one IMAGE or DIR (or --all)");
    slugs = [slugOf((await imageOf(source)).image)];
  }
  let removed = 0;
  for (const slug of slugs) {
    for (const what of await down(engine, extensionFolder(home, slug), slug)) {
      process.stdout.write(`removed ${what}\n`);
      removed++;
    }
  }
  if (removed === 0) process.stdout.write("nothing to remove\n");
  return 0;
}
