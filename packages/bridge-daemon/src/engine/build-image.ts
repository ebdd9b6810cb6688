import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { decodeBuildkitStatus } from "./buildkit-status.js";
import type { DockerEngine } from "./engine.js";

/** A build event as the engine streams it. */
interface BuildEvent {
  id?: string;
  stream?: string;
  error?: string;
  aux?: unknown;
}

/**
 * Builds an image from a directory with a Dockerfile and tags it, as
 * `docker build` does: with BuildKit (what Dockerfiles written today use:
 * `RUN --mount=type=cache`, `FROM --platform=$BUILDPLATFORM`), through the
 * Engine API, so no docker CLI or buildx is needed; `.dockerignore` applies.
 * An engine that cannot run BuildKit (it fails before any build step) gets
 * the classic builder. Rejects with the builder's own error and log tail.
 */
export async function buildImage(engine: DockerEngine, contextDir: string, tag: string) {
  const src = await contextFiles(contextDir);
  const kit = await build(engine, contextDir, src, { t: tag, rm: true, version: "2" }).catch(
    (err: Error) => ({ log: "", stepsRan: false, failure: err.message }),
  );
  const result =
    kit.failure && !kit.stepsRan ? await build(engine, contextDir, src, { t: tag, rm: true }) : kit;
  if (result.failure) {
    const log = result.log.trimEnd().split("\n").slice(-60).join("\n");
    throw new Error(`building ${contextDir} failed: ${result.failure}\n${log}`);
  }
}

async function build(
  engine: DockerEngine,
  context: string,
  src: string[],
  options: { t: string; rm: boolean; version?: "2" },
): Promise<{ log: string; stepsRan: boolean; failure: string | undefined }> {
  // `version: "2"` (BuildKit, through a session dockerode opens) is not in @types/dockerode.
  const stream: NodeJS.ReadableStream = await engine.api.buildImage(
    { context, src },
    options as Parameters<DockerEngine["api"]["buildImage"]>[1],
  );
  let log = "";
  let stepsRan = false;
  let error: string | undefined;
  const named = new Set<string>();
  const failure = await new Promise<string | undefined>((resolve) =>
    engine.api.modem.followProgress(
      stream,
      (err: Error | null) => resolve(err ? err.message : undefined),
      (e: BuildEvent) => {
        if (e.error) error ??= e.error;
        if (typeof e.stream === "string") {
          stepsRan = true;
          log += e.stream;
        }
        if (e.id !== "moby.buildkit.trace" || typeof e.aux !== "string") return;
        stepsRan = true;
        const status = decodeBuildkitStatus(e.aux);
        for (const v of status.vertexes) {
          if (v.name && !named.has(v.digest)) {
            named.add(v.digest);
            log += `#${named.size} ${v.name}\n`;
          }
          if (v.error) log += `ERROR: ${v.error}\n`;
        }
        log += status.logs.join("");
      },
    ),
  );
  return { log, stepsRan, failure: failure ?? error };
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
