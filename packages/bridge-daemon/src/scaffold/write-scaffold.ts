import { appendFile, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** A file the scaffold writes, relative to the repository. */
export interface ScaffoldFile {
  path: string;
  text: string;
}

/** What the scaffold did: files written, files refused (they exist), lines added to .gitignore. */
export interface ScaffoldResult {
  written: string[];
  refused: string[];
  ignored: string[];
}

/** What a test run leaves that does not belong in the repository. */
const IGNORE = ["node_modules/", "test-results/", "playwright-report/"];

/**
 * Writes the files into `dir`. Nothing existing is overwritten without
 * `force`: if any file exists, none is written and the result names them.
 * Missing .gitignore lines are appended (never removed or rewritten).
 */
export async function writeScaffold(
  dir: string,
  files: ScaffoldFile[],
  force: boolean,
): Promise<ScaffoldResult> {
  const exists = async (p: string) =>
    (await stat(join(dir, p)).catch(() => undefined)) !== undefined;
  const refused: string[] = [];
  for (const f of files) if (await exists(f.path)) refused.push(f.path);
  if (refused.length && !force) return { written: [], refused, ignored: [] };
  for (const f of files) {
    await mkdir(dirname(join(dir, f.path)), { recursive: true });
    await writeFile(join(dir, f.path), f.text);
  }
  const gitignore = join(dir, ".gitignore");
  const current = await readFile(gitignore, "utf8").catch(() => "");
  const have = new Set(current.split(/\r?\n/).map((l) => l.trim().replace(/^\//, "")));
  const ignored = IGNORE.filter((l) => !have.has(l) && !have.has(l.replace(/\/$/, "")));
  if (ignored.length) {
    const lead = current === "" || current.endsWith("\n") ? "" : "\n";
    await appendFile(gitignore, `${lead}${ignored.join("\n")}\n`);
  }
  return { written: files.map((f) => f.path), refused: force ? [] : refused, ignored };
}
