import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type DockerEngine, pingEngine } from "../engine/engine.js";
import { pathExists } from "../fs/path-exists.js";
import { extensionFolder, installedSlugs, readRecord } from "./install-record.js";
import { readServing } from "./serving-record.js";

/** One extension `up` installed, as `ddbridge ls` shows it. */
export interface InstalledExtension {
  name: string;
  image: string;
  /** "running", "exited (1)", "missing" per backend container; "no backend"; "incomplete". */
  state: string;
  /** The URL of the daemon serving it now, if one runs. */
  url: string | undefined;
  dir: string;
  /** Its own token, when a host serves it (`ddbridge host`): what a client of this extension sends. */
  tokenFile?: string;
}

/** Every extension installed under `home`, with its backend's state from the engine. */
export async function listInstalled(
  engine: DockerEngine,
  home: string,
): Promise<InstalledExtension[]> {
  const out: InstalledExtension[] = [];
  const slugs = await installedSlugs(home);
  // One ping, not one failed inspect per container: "missing" would be wrong.
  const unreachable = slugs.length > 0 ? await pingEngine(engine) : undefined;
  for (const slug of slugs.sort()) {
    const dir = extensionFolder(home, slug);
    const record = await readRecord(dir);
    const name = await readFile(join(dir, "metadata.json"), "utf8").then(
      (t) => (JSON.parse(t) as { name?: string }).name ?? slug,
      () => slug,
    );
    const serving = await readServing(dir);
    out.push({
      name,
      image: record?.image ?? "?",
      state: !record
        ? "incomplete"
        : unreachable
          ? `unknown: no engine at ${engine.host}`
          : await backendState(engine, record.containers),
      url: serving?.url,
      dir,
      ...((await pathExists(join(dir, "token"))) ? { tokenFile: join(dir, "token") } : {}),
    });
  }
  return out;
}

export async function backendState(engine: DockerEngine, containers: string[]): Promise<string> {
  if (containers.length === 0) return "no backend";
  const states = await Promise.all(
    containers.map(async (id) => {
      const info = await engine.api
        .getContainer(id)
        .inspect()
        .catch(() => undefined);
      if (!info) return "missing";
      const s = info.State;
      return s.Status === "exited" ? `exited (${s.ExitCode})` : s.Status;
    }),
  );
  return [...new Set(states)].join(", ");
}
