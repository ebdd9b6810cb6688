import { rm, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { type DockerEngine, isNotFound } from "../engine/engine.js";
import {
  EXTENSION_LABEL,
  extensionFolder,
  HOME_LABEL,
  homeId,
  homeOfFolder,
  installedSlugs,
  isSlug,
  ownedBy,
  readRecord,
} from "./install-record.js";

/** Which named volumes {@link down} removes: none (their data stays, as `docker compose down`). */
export interface DownOptions {
  /** "all" (`down --volumes`): every volume of the extension; "created": those the last `up` made. */
  volumes?: "all" | "created";
}

/**
 * Removes what `up` created for an extension: its containers (with their
 * anonymous volumes), its networks, a built image, and its folder (UI, host
 * binaries, guest-services); named volumes only as `options.volumes` says.
 * Candidates come from the record and from the extension's label, so a
 * half-finished `up` is cleaned too; but only objects whose labels say they
 * are this extension's, of this home, are removed, whatever the record
 * lists (a record is a file, and files can be forged). Returns what it removed.
 */
export async function down(
  engine: DockerEngine,
  dir: string,
  slug: string,
  options: DownOptions = {},
): Promise<string[]> {
  const home = homeOfFolder(dir);
  if (extensionFolder(home, slug) !== resolve(dir)) {
    throw new Error(`${dir} is not the folder of ${slug}`);
  }
  const record = await readRecord(dir);
  const removed: string[] = [];
  const filters = JSON.stringify({ label: [`${EXTENSION_LABEL}=${slug}`] });
  const id = homeId(home);
  const owned = (labels: Record<string, string> | null | undefined) => ownedBy(labels, slug, id);
  // Each removal checks the object first (its own labels), and tolerates one already gone.
  const remove = async (
    what: string,
    mine: () => Promise<boolean>,
    removal: () => Promise<unknown>,
  ) => {
    try {
      if (!(await mine())) return;
      await removal();
      removed.push(what);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };
  const labelled = await engine.api.listContainers({ all: true, filters });
  for (const id of new Set([...(record?.containers ?? []), ...labelled.map((c) => c.Id)])) {
    const container = engine.api.getContainer(id);
    await remove(
      `container ${id.slice(0, 12)}`,
      async () => owned((await container.inspect()).Config.Labels),
      () => container.remove({ force: true, v: true }),
    );
  }
  const networks = await engine.api.listNetworks({ filters });
  for (const name of new Set([...(record?.networks ?? []), ...networks.map((n) => n.Name)])) {
    const network = engine.api.getNetwork(name);
    await remove(
      `network ${name}`,
      async () => owned((await network.inspect()).Labels),
      () => network.remove(),
    );
  }
  const volumes = new Set(options.volumes ? (record?.volumes ?? []) : []);
  if (options.volumes === "all") {
    const { Volumes } = await engine.api.listVolumes({ filters });
    for (const v of Volumes ?? []) volumes.add(v.Name);
  }
  for (const name of volumes) {
    const volume = engine.api.getVolume(name);
    await remove(
      `volume ${name}`,
      async () => owned((await volume.inspect()).Labels),
      () => volume.remove(),
    );
  }
  // Only the tag up builds a folder as, for this very slug: never an image the record names.
  const built = `ddbridge.local/${slug}:latest`;
  if (record?.builtImage && record.image === built) {
    const image = engine.api.getImage(built);
    await remove(
      `image ${built}`,
      async () => true,
      () => image.remove({ force: true }),
    );
  }
  if (await stat(dir).catch(() => undefined)) {
    await rm(dir, { recursive: true, force: true });
    removed.push(`folder ${dir}`);
  }
  return removed;
}

/**
 * What {@link down} does when the engine does not answer: removes the local
 * folder (so `ls` no longer lists it and `up` starts clean) and says what is
 * left on the engine. The containers and volumes carry {@link EXTENSION_LABEL},
 * so `down --all` finds them once the engine answers again.
 */
export async function forgetLocally(
  dir: string,
  slug: string,
): Promise<{ removed: string[]; left: string[] }> {
  const record = await readRecord(dir);
  const left = [
    ...(record?.containers ?? []).map((id) => `container ${id.slice(0, 12)}`),
    ...(record?.volumes ?? []).map((name) => `volume ${name}`),
    ...(record?.networks ?? []).map((name) => `network ${name}`),
    ...(record?.builtImage ? [`image ${record.image}`] : []),
  ];
  if (!(await stat(dir).catch(() => undefined))) return { removed: [], left };
  await rm(dir, { recursive: true, force: true });
  return { removed: [`folder ${dir} (the local record of ${slug})`], left };
}

/**
 * Runs {@link down} for every extension `up` installed under `home`: those
 * with a folder, and those only the engine still knows by label. Labels
 * are anyone's to set: a slug that is not well formed, or objects another
 * home installed, are reported in `skipped`, never removed.
 */
export async function downAll(
  engine: DockerEngine,
  home: string,
  options: DownOptions = {},
): Promise<{ results: Array<{ slug: string; removed: string[] }>; skipped: string[] }> {
  const labelled = await engine.api.listContainers({
    all: true,
    filters: JSON.stringify({ label: [EXTENSION_LABEL] }),
  });
  const skipped: string[] = [];
  const slugs = new Set(await installedSlugs(home));
  for (const c of labelled) {
    const slug = c.Labels[EXTENSION_LABEL] ?? "";
    const from = c.Labels[HOME_LABEL];
    if (!isSlug(slug)) {
      skipped.push(
        `container ${c.Id.slice(0, 12)}: its label ${EXTENSION_LABEL}=${JSON.stringify(slug)} is not an extension name`,
      );
    } else if (from !== undefined && from !== homeId(home)) {
      skipped.push(
        `container ${c.Id.slice(0, 12)} (${slug}): installed from another DDBRIDGE_HOME`,
      );
    } else {
      slugs.add(slug);
    }
  }
  const results: Array<{ slug: string; removed: string[] }> = [];
  for (const slug of slugs) {
    results.push({ slug, removed: await down(engine, extensionFolder(home, slug), slug, options) });
  }
  return { results, skipped };
}
