import { readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type DockerEngine, isNotFound } from "../docker/engine.js";

/** Label on every container and volume `up` creates; its value is the extension's slug. */
export const EXTENSION_LABEL = "io.ddbridge.extension";

/** What `up` created for one extension, kept in its folder for `down`. */
export interface UpRecord {
  image: string;
  project: string;
  /** Whether `up` built the image from a folder (then `down` removes it). */
  builtImage: boolean;
  containers: string[];
  volumes: string[];
}

const RECORD = "ddbridge-up.json";

/** The folder `up` installs the extension with this slug into. */
export function extensionFolder(home: string, slug: string): string {
  return join(home, "extensions", slug);
}

export async function readRecord(dir: string): Promise<UpRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, RECORD), "utf8")) as UpRecord;
  } catch {
    return undefined;
  }
}

export async function writeRecord(dir: string, record: UpRecord): Promise<void> {
  await writeFile(join(dir, RECORD), JSON.stringify(record, null, 2));
}

/**
 * Removes everything `up` created for an extension: its containers (with
 * their anonymous volumes), named volumes, a built image, and its folder
 * (UI, host binaries, guest-services). Resources are found by the record and
 * by label, so a half-finished `up` is cleaned too. Returns what it removed.
 */
export async function down(engine: DockerEngine, dir: string, slug: string): Promise<string[]> {
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
  const { Volumes } = await engine.api.listVolumes({ filters });
  const volumes = new Set([...(record?.volumes ?? []), ...(Volumes ?? []).map((v) => v.Name)]);
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
