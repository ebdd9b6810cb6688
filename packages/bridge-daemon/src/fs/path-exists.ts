import { lstat } from "node:fs/promises";

/** Whether anything (a file, folder, socket, dangling symlink) is at `path`. */
export async function pathExists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
