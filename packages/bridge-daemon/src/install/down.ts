import { rm, stat } from "node:fs/promises";
import { type DockerEngine, isNotFound } from "../engine/engine.js";
import { EXTENSION_LABEL, extensionFolder, installedSlugs, readRecord } from "./install-record.js";

/** Which named volumes {@link down} removes: none (their data stays, as `docker compose down`). */
export interface DownOptions {
  /** "all" (`down --volumes`): every volume of the extension; "created": those the last `up` made. */
  volumes?: "all" | "created";
}

/**
 * Removes what `up` created for an extension: its containers (with their
 * anonymous volumes), its networks, a built image, and its folder (UI, host
 * binaries, guest-services); named volumes only as `options.volumes` says.
 * Resources are found by the record and by label, so a half-finished `up` is
 * cleaned too. Returns what it removed.
 */
export async function down(
  engine: DockerEngine,
  dir: string,
  slug: string,
  options: DownOptions = {},
): Promise<string[]> {
  const record = await readRecord(dir);
  const removed: string[] = [];
  const filters = JSON.stringify({ label: [`${EXTENSION_LABEL}=${slug}`] });
  const labelled = await engine.api.listContainers({ all: true, filters });
  const containers = new Set([...(record?.containers ?? []), ...labelled.map((c) => c.Id)]);
  // Each removal tolerates a resource that is already gone (404).
  const remove = async (what: string, removal: () => Promise<unknown>) => {
    try {
      await removal();
      removed.push(what);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  };
  for (const id of containers) {
    await remove(`container ${id.slice(0, 12)}`, () =>
      engine.api.getContainer(id).remove({ force: true, v: true }),
    );
  }
  const networks = await engine.api.listNetworks({ filters });
  for (const name of new Set([...(record?.networks ?? []), ...networks.map((n) => n.Name)])) {
    await remove(`network ${name}`, () => engine.api.getNetwork(name).remove());
  }
  const volumes = new Set(options.volumes ? (record?.volumes ?? []) : []);
  if (options.volumes === "all") {
    const { Volumes } = await engine.api.listVolumes({ filters });
    for (const v of Volumes ?? []) volumes.add(v.Name);
  }
  for (const name of volumes) {
    await remove(`volume ${name}`, () => engine.api.getVolume(name).remove());
  }
  if (record?.builtImage) {
    const { image } = record;
    await remove(`image ${image}`, () => engine.api.getImage(image).remove({ force: true }));
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
 * with a folder, and those only the engine still knows by label.
 */
export async function downAll(
  engine: DockerEngine,
  home: string,
  options: DownOptions = {},
): Promise<Array<{ slug: string; removed: string[] }>> {
  const labelled = await engine.api.listContainers({
    all: true,
    filters: JSON.stringify({ label: [EXTENSION_LABEL] }),
  });
  const slugs = new Set([
    ...(await installedSlugs(home)),
    ...labelled.map((c) => c.Labels[EXTENSION_LABEL] ?? ""),
  ]);
  const results: Array<{ slug: string; removed: string[] }> = [];
  for (const slug of [...slugs].filter(Boolean)) {
    results.push({ slug, removed: await down(engine, extensionFolder(home, slug), slug, options) });
  }
  return results;
}
