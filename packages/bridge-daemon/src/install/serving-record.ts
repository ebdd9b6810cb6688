import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Which daemon serves an installed extension, so `ddbridge ls` can show its URL. */
export interface ServingRecord {
  pid: number;
  url: string | undefined;
}

const FILE = "ddbridge-serving.json";

/** Notes that this process serves the extension in `dir`; the returned function takes it back. */
export async function writeServing(
  dir: string,
  url: string | undefined,
): Promise<() => Promise<void>> {
  const file = join(dir, FILE);
  await writeFile(file, JSON.stringify({ pid: process.pid, url } satisfies ServingRecord));
  return () => rm(file, { force: true });
}

/** The daemon serving `dir`, if its process is still alive. */
export async function readServing(dir: string): Promise<ServingRecord | undefined> {
  const record = await readFile(join(dir, FILE), "utf8").then(
    (t) => JSON.parse(t) as ServingRecord,
    () => undefined,
  );
  if (!record) return undefined;
  try {
    process.kill(record.pid, 0);
    return record;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM" ? record : undefined;
  }
}
