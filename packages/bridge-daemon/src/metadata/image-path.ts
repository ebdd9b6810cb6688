import { join, posix } from "node:path";

/**
 * An image path ("/ui", "/linux/kubectl") as the same path under a folder
 * holding the image's files: ".." never climbs above the folder.
 */
export function underFolder(folder: string, imagePath: string): string {
  const rel = posix.normalize(`/${imagePath}`).slice(1);
  return join(folder, rel);
}
