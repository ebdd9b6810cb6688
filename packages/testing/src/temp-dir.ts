import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TempDir {
  dir: string;
  remove(): Promise<void>;
}

/** A fresh temporary folder, removed by {@link TempDir.remove}. */
export async function tempDir(prefix = "ddbridge-test-"): Promise<TempDir> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** An extension folder with just a metadata.json. */
export async function extensionDir(metadata: object = {}): Promise<TempDir> {
  const tmp = await tempDir("ddbridge-ext-");
  await writeFile(join(tmp.dir, "metadata.json"), JSON.stringify(metadata));
  return tmp;
}
