import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { DockerEngine } from "./engine.js";

/**
 * Builds an image from a directory with a Dockerfile (the engine's classic
 * builder, no BuildKit needed) and tags it. Rejects with the builder's own
 * error text when a step fails.
 */
export async function buildImage(engine: DockerEngine, contextDir: string, tag: string) {
  const src = await contextFiles(contextDir);
  const stream = await engine.api.buildImage({ context: contextDir, src }, { t: tag, rm: true });
  const events = await new Promise<Array<{ error?: string; stream?: string }>>((resolve, reject) =>
    engine.api.modem.followProgress(stream, (err, out) => (err ? reject(err) : resolve(out))),
  );
  const failed = events.find((e) => e.error);
  if (failed) {
    const log = events.map((e) => e.stream ?? "").join("");
    throw new Error(`building ${contextDir} failed: ${failed.error}\n${log}`);
  }
}

/**
 * Every path under `dir`, relative to it, without following symlinked
 * folders (they go into the context as links, as with `docker build`).
 * Node 20's `readdir(dir, { recursive: true })` follows them, and loops on
 * the cycles of a pnpm workspace's node_modules.
 */
async function contextFiles(dir: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    files.push(path);
    if (entry.isDirectory()) files.push(...(await contextFiles(dir, path)));
  }
  return files;
}
