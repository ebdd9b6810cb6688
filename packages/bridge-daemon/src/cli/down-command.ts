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
import type { CliFlags } from "./flags.js";
import { stateDir } from "./resolve-config.js";
import { UsageError } from "./usage-error.js";

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
export async function runDown(positionals: string[], flags: CliFlags): Promise<number> {
  const engine = connectEngine({ host: flags["docker-host"], context: flags.context });
  const home = stateDir();
  if (flags.all && positionals.length)
    throw new UsageError("down takes IMAGE|DIR or --all, not both");
  const [source, ...extra] = positionals;
  if (!flags.all && (!source || extra.length)) {
    throw new UsageError("down takes one IMAGE or DIR (or --all)");
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
