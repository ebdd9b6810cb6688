import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * A start failure is reported by one test of the run: the first to claim it
 * writes a marker in Playwright's output folder (emptied at each run), and
 * every later worker of the same plan reads it instead of starting again,
 * so a broken backend costs one start and one failed test, not one per test.
 */
export function failureMarker(outputDir: string, plan: unknown): string {
  const key = createHash("sha256").update(JSON.stringify(plan)).digest("hex").slice(0, 12);
  return join(outputDir, `.ddbridge-start-failed-${key}.txt`);
}

/** The message of a failure an earlier worker of this run already reported, if any. */
export async function reportedFailure(marker: string): Promise<string | undefined> {
  return readFile(marker, "utf8").catch(() => undefined);
}

/** True for the one caller that gets to report this failure; false when another did. */
export async function claimFailure(marker: string, message: string): Promise<boolean> {
  await mkdir(join(marker, ".."), { recursive: true });
  try {
    await writeFile(marker, message, { flag: "wx" });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}
