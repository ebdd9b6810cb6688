import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { splitCmdline } from "@ddbridge/proto";
import { parse } from "yaml";
import type { ComposeStart } from "./start-command.js";

/** What `init-tests` reads of an extension's repository: the facts it writes the tests from. */
export interface ProjectFiles {
  /** metadata.json, parsed. */
  metadata: Metadata;
  dockerfile: string | undefined;
  /** The first service of `vm.composefile`, when there is one. */
  composeService: ComposeStart | undefined;
  /** The UI's own package (the folder with its package.json), when there is one. */
  ui: UiPackage | undefined;
  /** The backend's source folder (`backend/`, or `vm/` in older templates), when there is one. */
  backend: BackendFolder | undefined;
  /** The installed @playwright/test's version, for the CI image's tag. */
  playwrightVersion: string | undefined;
}

/** The parts of metadata.json the scaffold reads. */
export interface Metadata {
  vm?: { exposes?: { socket?: string }; composefile?: string; image?: string };
  ui?: Record<string, { title?: string; root?: string; src?: string }>;
}

export interface UiPackage {
  /** Relative to the repository, e.g. "ui". */
  dir: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  lockfile: "npm" | "yarn" | "pnpm" | undefined;
  /** The text of vite.config.*, if any. */
  viteConfig: string | undefined;
}

export interface BackendFolder {
  /** Relative to the repository, e.g. "backend". */
  dir: string;
  /** The names of its files (not recursive). */
  files: string[];
  /** Its package.json's `main`, for a Node backend. */
  main: string | undefined;
}

/** Folders a backend's source lives in, in the layouts extensions use. */
const BACKEND_DIRS = ["backend", "vm", "server", "service", "api"];
/** Folders a UI's package lives in when metadata's root does not have one. */
const UI_DIRS = ["ui", "client", "frontend", "web"];

/** Reads what the scaffold needs from the repository at `dir`; metadata.json must exist. */
export async function readProjectFiles(dir: string): Promise<ProjectFiles> {
  const text = (name: string) => readFile(join(dir, name), "utf8").catch(() => undefined);
  const metaText = await text("metadata.json");
  if (metaText === undefined) {
    throw new Error(
      `no metadata.json in ${dir}: run init-tests in your extension's folder (the one docker extension init made)`,
    );
  }
  let metadata: Metadata;
  try {
    metadata = JSON.parse(metaText) as Metadata;
  } catch (err) {
    throw new Error(`${join(dir, "metadata.json")} is not JSON: ${(err as Error).message}`);
  }
  const composefile = metadata.vm?.composefile;
  const compose = composefile ? await text(composefile.replace(/^\/+/, "")) : undefined;
  return {
    metadata,
    dockerfile: await text("Dockerfile"),
    composeService: compose === undefined ? undefined : backendService(compose),
    ui: await uiPackage(dir, metadata),
    backend: await backendFolder(dir),
    playwrightVersion: await text("node_modules/@playwright/test/package.json").then((t) =>
      t ? (JSON.parse(t) as { version?: string }).version : undefined,
    ),
  };
}

/** The backend's service, as `up` picks it: the one running the extension's image, else the first. */
function backendService(text: string): ComposeStart | undefined {
  try {
    const doc = parse(text) as { services?: Record<string, Record<string, unknown>> };
    const services = Object.values(doc?.services ?? {});
    const service =
      services.find(
        (s) => typeof s?.image === "string" && s.image.includes("DESKTOP_PLUGIN_IMAGE"),
      ) ?? services[0];
    if (!service) return undefined;
    return { entrypoint: asWords(service.entrypoint), command: asWords(service.command) };
  } catch {
    return undefined;
  }
}

function asWords(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "string") return splitCmdline(value);
  return undefined;
}

async function uiPackage(dir: string, metadata: Metadata): Promise<UiPackage | undefined> {
  const root = metadata.ui?.["dashboard-tab"]?.root?.replace(/^\/+|\/+$/g, "");
  for (const candidate of [...(root ? [root] : []), ...UI_DIRS]) {
    const json = await readFile(join(dir, candidate, "package.json"), "utf8").catch(
      () => undefined,
    );
    if (json === undefined) continue;
    const pkg = JSON.parse(json) as {
      scripts?: Record<string, string>;
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    const files = await readdir(join(dir, candidate)).catch(() => [] as string[]);
    const vite = files.find((f) => /^vite\.config\.[cm]?[jt]s$/.test(f));
    return {
      dir: candidate,
      scripts: pkg.scripts ?? {},
      dependencies: { ...pkg.dependencies, ...pkg.devDependencies },
      lockfile: files.includes("package-lock.json")
        ? "npm"
        : files.includes("pnpm-lock.yaml")
          ? "pnpm"
          : files.includes("yarn.lock")
            ? "yarn"
            : undefined,
      viteConfig: vite ? await readFile(join(dir, candidate, vite), "utf8") : undefined,
    };
  }
  return undefined;
}

async function backendFolder(dir: string): Promise<BackendFolder | undefined> {
  for (const candidate of BACKEND_DIRS) {
    const files = await readdir(join(dir, candidate)).catch(() => undefined);
    if (!files) continue;
    const pkg = files.includes("package.json")
      ? (JSON.parse(await readFile(join(dir, candidate, "package.json"), "utf8")) as {
          main?: string;
        })
      : undefined;
    return { dir: candidate, files, main: pkg?.main };
  }
  return undefined;
}
