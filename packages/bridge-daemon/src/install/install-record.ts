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
 * Whether an engine object's labels say it belongs to this extension of the
 * home with this {@link homeId}: the extension label must match; a home
 * label, when there is one (objects of earlier versions have none), must be
 * that home's.
 */
export function ownedBy(
  labels: Record<string, string> | null | undefined,
  slug: string,
  home: string,
): boolean {
  if (labels?.[EXTENSION_LABEL] !== slug) return false;
  const from = labels[HOME_LABEL];
  return from === undefined || from === home;
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

/** Which install a source names in a home: its folder name, and the image `up` runs. */
export interface InstallTarget {
  /** The extension folder's name, and the prefix of its engine objects' names. */
  slug: string;
  /** The reference itself, or the tag `up` builds a folder as (`ddbridge.local/SLUG:latest`). */
  image: string;
  /** Whether the source is a folder `up` builds. */
  folder: boolean;
}

/** The install of an IMAGE or DIR in `home` (see {@link slugOf}). */
export async function installTarget(home: string, source: string): Promise<InstallTarget> {
  if (await isDirectory(source)) {
    const path = resolve(source);
    const slug = slugOf(home, `folder\0${path}`, basename(path));
    return { slug, image: `ddbridge.local/${slug}:latest`, folder: true };
  }
  return {
    slug: slugOf(home, `image\0${source}`, source.replace(/:latest$/, "")),
    image: source,
    folder: false,
  };
}

/**
 * A name usable for folders, containers and volumes: a readable part, then
 * a hash of the home and of the full image reference or folder path. Two
 * sources never share one (`a/b:1`, `a-b:1` and `a/b-1` read alike; two
 * folders named `ext` too), nor do two homes' installs of one image, whose
 * containers and volumes then live side by side on a shared engine.
 */
export function slugOf(home: string, key: string, readable: string): string {
  const part =
    readable
      .toLowerCase()
      .replace(/[^a-z0-9_.-]+/g, "-")
      .replace(/^[^a-z0-9]+/, "")
      .slice(0, 40)
      .replace(/[^a-z0-9]+$/, "") || "extension";
  const hash = createHash("sha256")
    .update(`${homeId(home)}\0${key}`)
    .digest("hex")
    .slice(0, 10);
  return `${part}-${hash}`;
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
