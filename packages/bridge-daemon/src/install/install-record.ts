import { readdir, readFile, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { isDirectory } from "../fs/is-directory.js";

/** Label on every container and volume `up` creates; its value is the extension's slug. */
export const EXTENSION_LABEL = "io.ddbridge.extension";

/** What `up` created for one extension, kept in its folder for `down`. */
export interface InstallRecord {
  image: string;
  project: string;
  /** Whether `up` built the image from a folder (then `down` removes it). */
  builtImage: boolean;
  containers: string[];
  /** Volumes this install created (those of an earlier install are reused, not listed). */
  volumes: string[];
  networks: string[];
}

const RECORD = "ddbridge-up.json";

/** The image `up` runs for a source: the reference itself, or the tag it builds a folder as. */
export async function imageOf(source: string): Promise<{ image: string; folder: boolean }> {
  if (await isDirectory(source)) {
    return { image: `ddbridge.local/${slugOf(basename(resolve(source)))}:latest`, folder: true };
  }
  return { image: source, folder: false };
}

/** A name for an image usable in container, volume and folder names. */
export function slugOf(image: string): string {
  const slug = image
    .replace(/^ddbridge\.local\//, "")
    .replace(/:latest$/, "")
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/^[^a-z0-9]+|-+$/g, "");
  return slug || "extension";
}

/** The folder `up` installs the extension with this slug into. */
export function extensionFolder(home: string, slug: string): string {
  return join(home, "extensions", slug);
}

/** The slugs of the extensions with a folder under `home` (installed, or half-installed). */
export async function installedSlugs(home: string): Promise<string[]> {
  return readdir(join(home, "extensions")).catch(() => []);
}

/** The record in an extension folder; undefined when there is none (or it is unreadable). */
export async function readRecord(dir: string): Promise<InstallRecord | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, RECORD), "utf8")) as InstallRecord;
  } catch {
    return undefined;
  }
}

/** Writes the record; `up` calls it as soon as each resource exists. */
export async function writeRecord(dir: string, record: InstallRecord): Promise<void> {
  await writeFile(join(dir, RECORD), JSON.stringify(record, null, 2));
}
