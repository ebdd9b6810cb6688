import { readdir } from "node:fs/promises";
import type { DockerEngine } from "./engine.js";

/**
 * Builds an image from a directory with a Dockerfile (the engine's classic
 * builder, no BuildKit needed) and tags it. Rejects with the builder's own
 * error text when a step fails.
 */
export async function buildImage(engine: DockerEngine, contextDir: string, tag: string) {
  const src = await readdir(contextDir, { recursive: true });
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
