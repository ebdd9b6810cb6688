import { join, posix } from "node:path";

/**
 * An image path ("/ui", "/linux/kubectl") as the same path under a folder
 * holding the image's files: ".." never climbs above the folder.
 */
export function underFolder(folder: string, imagePath: string): string {
  const rel = posix.normalize(`/${imagePath}`).slice(1);
  return join(folder, rel);
}

/**
 * Refuses an image path that names the image's root ("/", "/host/..",
 * "."): copying it would copy the whole image. `field` names where it came
 * from in metadata.json.
 */
export function refuseImageRoot(imagePath: string, field: string, example: string): void {
  if (posix.normalize(`/${imagePath}`) === "/") {
    throw new Error(
      `metadata.json: ${field} ${JSON.stringify(imagePath)} is the image's root folder; it must name a path under it, such as ${example}`,
    );
  }
}
