import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { isDirectory } from "../fs/is-directory.js";

/** Label on every container, volume and network `up` creates; its value is the extension's slug. */
export const EXTENSION_LABEL = "io.ddbridge.extension";

/** Label naming the DDBRIDGE_HOME an object was installed from ({@link homeId}). */
export const HOME_LABEL = "io.ddbridge.home";

/** What a slug may look like: what {@link slugOf} makes, nothing that climbs out of a folder. */
const SLUG = /^[a-z0-9][a-z0-9_.-]*$/;

/**
 * A short id of a DDBRIDGE_HOME, put on everything `up` creates, so that the
 * `down` of one home (another user, another test worker) never removes what
 * another home installed on the same engine.
 */
export function homeId(home: string): string {
  return createHash("sha256").update(resolve(home)).digest("hex").slice(0, 12);
}

/**
 * Whether an engine object's labels say it belongs to this extension of this
 * home: the extension label must match; a home label, when there is one
 * (objects of earlier versions have none), must be this home's.
 */
export function ownedBy(
  labels: Record<string, string> | null | undefined,
  slug: string,
  home: string,
): boolean {
  if (labels?.[EXTENSION_LABEL] !== slug) return false;
  const from = labels[HOME_LABEL];
  return from === undefined || from === homeId(home);
}

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

/**
 * The folder `up` installs the extension with this slug into. A slug that is
 * not one {@link slugOf} makes (a label any container can carry, say
 * `../../home`) is refused: nothing outside `HOME/extensions/` is ever named.
 */
export function extensionFolder(home: string, slug: string): string {
  const root = resolve(home, "extensions");
  const dir = resolve(root, slug);
  if (!SLUG.test(slug) || dirname(dir) !== root) {
    throw new Error(`${JSON.stringify(slug)} is not the name of an extension folder`);
  }
  return dir;
}

/** Whether `slug` is one {@link extensionFolder} accepts. */
export function isSlug(slug: string): boolean {
  return SLUG.test(slug);
}

/** The DDBRIDGE_HOME an extension folder is in. */
export function homeOfFolder(dir: string): string {
  return dirname(dirname(resolve(dir)));
}

/**
 * Where `up` puts the files it copies out of an image (UI, host binaries):
 * a folder of its own, so no image path can land on ddbridge's records.
 */
export function imageFilesFolder(dir: string): string {
  return join(dir, "image");
}

/** The slugs of the extensions with a folder under `home` (installed, or half-installed). */
export async function installedSlugs(home: string): Promise<string[]> {
  return (await readdir(join(home, "extensions")).catch(() => [] as string[])).filter(isSlug);
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
