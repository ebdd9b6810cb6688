import { stat } from "node:fs/promises";

/** Whether `path` is an existing folder (false for files, missing paths and unreadable ones). */
export async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}
