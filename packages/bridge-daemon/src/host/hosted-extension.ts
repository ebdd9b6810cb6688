import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { loadOrCreateToken } from "../auth/token.js";
import type { DockerEngine } from "../engine/engine.js";
import { readRecord } from "../install/install-record.js";
import { backendState } from "../install/list-installed.js";
import type { Installed } from "../install/up.js";
import { createDaemonApp, type DaemonApp } from "../server/daemon-app.js";
import type { DaemonConfig } from "../server/daemon-config.js";

/** One extension the host serves, on its own origin. */
export interface HostedExtension {
  /** Its origin's first label: `http://LABEL.localhost:PORT`. */
  label: string;
  /** What it was installed from (an image, or a folder `up` builds). */
  source: string;
  installed: Installed;
  /** Its own token: nothing else's credentials reach it, and its reach no other. */
  token: string;
  tokenFile: string;
  app: DaemonApp;
}

/** What the index page and `ls` show of a hosted extension. */
export interface HostedSummary {
  label: string;
  name: string;
  image: string;
  /** The image's tag (or "latest"). */
  version: string;
  /** "running", "backend down (…)", or "UI only". */
  state: string;
  url: string;
  tokenFile: string;
  privileges: string[];
  /** A data: URL of metadata.json's icon, when it has one. */
  icon: string | undefined;
}

/**
 * Serves an installed extension: its own token (kept in its install folder,
 * and kept across `update`), and a daemon app built from `config`.
 */
export async function hostExtension(
  label: string,
  source: string,
  installed: Installed,
  config: Omit<DaemonConfig, "token">,
  keepToken?: string,
): Promise<HostedExtension> {
  const tokenFile = join(installed.dir, "token");
  if (keepToken) await writeFile(tokenFile, `${keepToken}\n`, { mode: 0o600 });
  const { token } = await loadOrCreateToken(tokenFile);
  const app = await createDaemonApp({ ...config, token });
  return { label, source, installed, token, tokenFile, app };
}

/** The summary of a hosted extension, its backend's state asked of the engine now. */
export async function summarize(
  ext: HostedExtension,
  engine: DockerEngine,
  url: string,
): Promise<HostedSummary> {
  const { installed } = ext;
  const record = await readRecord(installed.dir);
  const containers = record?.containers ?? [];
  const raw = containers.length ? await backendState(engine, containers) : "no backend";
  const state =
    raw === "no backend" ? "UI only" : raw === "running" ? "running" : `backend down (${raw})`;
  const icon = installed.icon
    ? await readFile(installed.icon.file).then(
        (b) => `data:${installed.icon!.type};base64,${b.toString("base64")}`,
        () => undefined,
      )
    : undefined;
  return {
    label: ext.label,
    name: installed.name,
    image: installed.image,
    version: versionOf(installed.image),
    state,
    url,
    tokenFile: ext.tokenFile,
    privileges: installed.privileges,
    icon,
  };
}

/** An image reference's tag: "latest" when it names none, the digest's start when pinned. */
export function versionOf(image: string): string {
  const at = image.indexOf("@");
  if (at >= 0) return image.slice(at + 1, at + 20);
  const last = image.split("/").pop() ?? "";
  const colon = last.indexOf(":");
  return colon >= 0 ? last.slice(colon + 1) : "latest";
}
