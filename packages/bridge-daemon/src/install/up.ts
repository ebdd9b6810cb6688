import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, posix, resolve } from "node:path";
import { buildImage } from "../engine/build-image.js";
import { type DockerEngine, requireEngine } from "../engine/engine.js";
import { refuseImageRoot, underFolder } from "../metadata/image-path.js";
import {
  checkMetadata,
  type ExtensionMetadata,
  hostBinaryPaths,
  hostPlatform,
} from "../metadata/read-metadata.js";
import { type BackendSpec, imageBackend, parseComposeFile } from "./compose-file.js";
import { interpolate } from "./compose-interpolate.js";
import { down } from "./down.js";
import { parseEnvFile, withEnvFiles } from "./env-file.js";
import { withImageFiles } from "./image-files.js";
import { lockInstall } from "./install-lock.js";
import {
  EXTENSION_LABEL,
  extensionFolder,
  HOME_LABEL,
  homeId,
  type InstallRecord,
  imageFilesFolder,
  installTarget,
  readRecord,
  writeRecord,
} from "./install-record.js";
import { privilegesOf } from "./privileges.js";
import { remoteEngineNote } from "./remote-backend.js";
import { readServing } from "./serving-record.js";
import { ensureImage, startBackend, waitForBackend } from "./start-backend.js";

/** What `ddbridge up` is asked to do. */
export interface UpOptions {
  engine: DockerEngine;
  /** An image reference, or a folder with a Dockerfile to build first. */
  source: string;
  /** ddbridge's state folder; the extension gets `extensions/<slug>` in it. */
  home: string;
  /**
   * `--network MODE`: every service in that network mode, without the
   * project networks (undefined: the compose file's networks, as Compose).
   */
  network?: string;
  /** The most bytes copied out of the image (`--max-copy`); default 2 GiB. */
  maxCopyBytes?: number;
  /** Host address published ports bind to (`--publish-ip`, loopback by default). */
  publishIp: string;
  /**
   * Variables the user passed (`--env NAME[=VALUE]`) for the compose file's
   * `${…}`: with `DESKTOP_PLUGIN_IMAGE`, the only ones filled in.
   */
  env: Record<string, string>;
  /** How long the backend may take to listen on its socket. */
  waitMs: number;
  log: (message: string) => void;
  /**
   * Asked, before any container or volume is created, when the backend asks
   * for privileges (host mounts, the engine's socket, capabilities): `up`
   * goes on only if it resolves true.
   */
  allow: (privileges: string[]) => Promise<boolean>;
}

/** An installed, started extension: what `serve` needs to front it. */
export interface Installed {
  /** The extension folder: ddbridge's records, metadata.json, guest-services/ and image/. */
  dir: string;
  /**
   * Where files copied out of the image land (the UI, host binaries), apart
   * from ddbridge's own records: an image can never overwrite them.
   */
  filesDir: string;
  image: string;
  name: string;
  metadata: ExtensionMetadata;
  socketPath: string | undefined;
  /** This platform's host binaries: base name → path under `dir`, as in the image. */
  hostBinaries: Record<string, string>;
  /** The container VM commands run in: the service with the extension's image, else the first. */
  vmContainer: string | undefined;
  ui: { root: string; entry: string } | undefined;
  /** What the user allowed at install (empty when it asked for nothing). */
  privileges: string[];
  /** metadata.json's icon, copied to the install's own folder; undefined when it has none. */
  icon: { file: string; type: string } | undefined;
}

/** The largest icon `up` keeps (Desktop's are a few KiB). */
const MAX_ICON_BYTES = 256 * 1024;
const ICON_TYPES: Record<string, string> = {
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
};

/**
 * Does what Docker Desktop does when it installs and starts an extension:
 * reads /metadata.json from the image, copies this platform's host binaries
 * and the UI out of it, starts the backend (vm.image, or the services of
 * vm.composefile) with a host guest-services folder at /run/guest-services,
 * and waits for its socket. Running it again replaces the previous install.
 */
export async function up(options: UpOptions): Promise<Installed> {
  const { engine } = options;
  // Before anything is recorded: without an engine, nothing is left to clean.
  await requireEngine(engine, "up");
  const { image, folder, slug } = await installTarget(options.home, options.source);
  const dir = extensionFolder(options.home, slug);
  // One up at a time per extension, and none over one that is being served.
  const unlock = await lockInstall(options.home, slug);
  try {
    const serving = await readServing(dir);
    if (serving && serving.pid !== process.pid) {
      throw new Error(
        `${image} is being served by another ddbridge (pid ${serving.pid}${serving.url ? `, ${serving.url}` : ""}): stop it before installing it again`,
      );
    }
    return await replaceAndInstall(options, image, folder, slug, dir);
  } finally {
    await unlock();
  }
}

/** {@link up} once it holds the extension's lock. */
async function replaceAndInstall(
  options: UpOptions,
  image: string,
  folder: boolean,
  slug: string,
  dir: string,
): Promise<Installed> {
  const { engine, log } = options;
  const previous = await readRecord(dir);
  if (previous && previous.image !== image) {
    // A record is a file: whatever another install (or someone) left here is not replaced.
    throw new Error(
      `${dir} holds the install of ${previous.image}; remove it first with: ddbridge down ${previous.image}`,
    );
  }
  if (previous) {
    log(`replacing the previous install of ${image}`);
    await down(engine, dir, slug);
  }
  await mkdir(dir, { recursive: true });
  const record: InstallRecord = {
    image,
    project: `ddbridge-${slug}`,
    builtImage: folder,
    containers: [],
    volumes: [],
    networks: [],
  };
  await writeRecord(dir, record);
  try {
    return await install(options, dir, record, slug);
  } catch (err) {
    // Nothing half-made stays behind (volumes of an earlier install keep their data): the
    // error, with the backend's log tail, says why.
    log("failed; removing what was created");
    await down(engine, dir, slug, { volumes: "created" }).catch(() => {});
    throw err;
  }
}

/** The steps of {@link up} after its record exists; every resource lands in the record. */
async function install(
  options: UpOptions,
  dir: string,
  record: InstallRecord,
  slug: string,
): Promise<Installed> {
  const { engine, log } = options;
  const { image, builtImage: folder } = record;
  const save = () => writeRecord(dir, record);
  const labels = { [EXTENSION_LABEL]: slug, [HOME_LABEL]: homeId(options.home) };
  const filesDir = imageFilesFolder(dir);

  if (folder) {
    log(`building ${image} from ${resolve(options.source)}`);
    await buildImage(engine, resolve(options.source), image);
  } else {
    await ensureImage(engine, image);
  }

  const platform = hostPlatform();
  const { metadata, backend, icon } = await withImageFiles(
    engine,
    image,
    { labels, maxCopyBytes: options.maxCopyBytes },
    async (files) => {
      const metadata = checkMetadata(
        JSON.parse((await files.read("/metadata.json")).toString("utf8")),
        `${image}:/metadata.json`,
      );
      await writeFile(join(dir, "metadata.json"), JSON.stringify(metadata, null, 2));
      const binaries = (metadata.host?.binaries ?? []).flatMap((b) => b[platform] ?? []);
      // Checked before anything is copied: a root of "/" would copy the whole image.
      for (const [name, tab] of Object.entries(metadata.ui ?? {})) {
        if (tab.root) refuseImageRoot(tab.root, `ui["${name}"].root`, "/ui");
      }
      for (const { path } of binaries)
        refuseImageRoot(path, "host.binaries path", "/linux/kubectl");
      for (const tab of Object.values(metadata.ui ?? {})) {
        if (tab.root) await files.copy(tab.root, underFolder(filesDir, tab.root));
      }
      for (const { path } of binaries) {
        if ((await files.kind(path)) !== "file") {
          throw new Error(
            `metadata.json: host.binaries path ${JSON.stringify(path)} is not a file in the image`,
          );
        }
        await files.copy(path, underFolder(filesDir, path));
      }
      // Never the whole host environment: a compose file's ${GITHUB_TOKEN} stays empty.
      const vars = { ...options.env, DESKTOP_PLUGIN_IMAGE: image };
      let backend: BackendSpec | undefined;
      if (metadata.vm?.composefile) {
        const composePath = posix.join("/", metadata.vm.composefile);
        const text = (await files.read(composePath)).toString("utf8");
        backend = parseComposeFile(text, vars);
        for (const service of backend.services) {
          const contents: string[] = [];
          for (const file of service.envFiles) {
            const path = posix.resolve(posix.dirname(composePath), file);
            contents.push((await files.read(path)).toString("utf8"));
          }
          service.environment = withEnvFiles(contents.map(parseEnvFile), service.environment);
        }
      } else if (metadata.vm?.image) {
        backend = imageBackend(interpolate(metadata.vm.image, vars));
      }
      return { metadata, backend, icon: await copyIcon(files, metadata, dir) };
    },
  );

  const plan = {
    project: record.project,
    guestServicesDir: join(dir, "guest-services"),
    localDir: join(dir, "compose-files"),
    ...(options.network !== undefined ? { networkOverride: options.network } : {}),
    publishIp: options.publishIp,
    labels,
  };
  const privileges = backend ? privilegesOf(backend, plan) : [];
  if (privileges.length > 0 && !(await options.allow(privileges))) {
    throw new Error(
      `${image} asks for privileges, and they were not allowed:\n  ${privileges.join("\n  ")}\nRun again with --yes to allow them (or answer y at a terminal).`,
    );
  }

  const { guestServicesDir } = plan;
  await mkdir(guestServicesDir, { recursive: true });
  const socketName = metadata.vm?.exposes?.socket;
  const socketPath = socketName ? join(guestServicesDir, socketName) : undefined;
  let vmContainer: string | undefined;
  if (backend) {
    log(`starting ${backend.services.map((s) => s.name).join(", ")} (${image})`);
    // A stale socket file from an earlier run would look like a live backend.
    if (socketPath) await rm(socketPath, { force: true });
    for (const s of backend.services) {
      for (const v of s.volumes) {
        if (v.kind === "local") await mkdir(join(plan.localDir, v.path), { recursive: true });
      }
    }
    const started = await startBackend(engine, plan, backend, record, save, options.waitMs);
    if (started.published.length) log(`published ports:\n  ${started.published.join("\n  ")}`);
    const note = remoteEngineNote(engine, socketPath);
    if (note) log(note);
    // Over tcp:// a remote socket cannot be tried from here: the note said so.
    if (socketPath && engine.remote?.kind !== "tcp") {
      await waitForBackend(engine, socketPath, started, options.waitMs);
    } else started.stopWatching();
    vmContainer = started.container;
  }
  const tab = metadata.ui?.["dashboard-tab"];
  const hostBinaries = hostBinaryPaths(metadata, filesDir, platform);
  return {
    dir,
    filesDir,
    image,
    name: metadata.name ?? image,
    metadata,
    socketPath,
    hostBinaries,
    vmContainer,
    ui: tab?.root
      ? { root: underFolder(filesDir, tab.root), entry: tab.src ?? "index.html" }
      : undefined,
    privileges,
    icon,
  };
}

/**
 * metadata.json's icon, as the index page shows it: copied to a fixed name
 * in the install folder when it is an image type and small; else none (an
 * icon never fails an install).
 */
async function copyIcon(
  files: { read(path: string): Promise<Buffer> },
  metadata: ExtensionMetadata,
  dir: string,
): Promise<Installed["icon"]> {
  if (typeof metadata.icon !== "string" || metadata.icon === "") return undefined;
  const type = ICON_TYPES[posix.extname(metadata.icon).toLowerCase()];
  if (!type) return undefined;
  const bytes = await files.read(posix.join("/", metadata.icon)).catch(() => undefined);
  if (!bytes || bytes.length > MAX_ICON_BYTES) return undefined;
  const file = join(dir, "icon");
  await writeFile(file, bytes, { mode: 0o600 });
  return { file, type };
}
