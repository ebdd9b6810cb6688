import { readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { defaultTokenFile, stateDir } from "@ddbridge/client/state-dir";
import { loadOrCreateToken, type TokenSource } from "../auth/token.js";
import { connectEngine, type DockerEngine } from "../engine/engine.js";
import { isDirectory } from "../fs/is-directory.js";
import { pathExists } from "../fs/path-exists.js";
import { createLogger, LOG_LEVELS, type LogLevel } from "../log/logger.js";
import {
  type ExtensionMetadata,
  hostBinaryPaths,
  readMetadata,
} from "../metadata/read-metadata.js";
import type { DaemonConfig } from "../server/daemon-config.js";
import { sourcePageAdvice, uncompiledScript } from "../ui/source-page.js";
import { type CliFlags, withDefaults } from "./flags.js";
import { isLoopback, parseBytes, parseDuration, parseListen } from "./units.js";
import { UsageError } from "./usage-error.js";

export type { CliFlags };

/** A daemon configuration resolved from flags, with where its token came from. */
export interface ResolvedConfig {
  config: DaemonConfig;
  token: TokenSource;
  /** Things worth a warning line at start (e.g. a non-loopback listener). */
  warnings: string[];
}

/** The parts of a configuration that describe one extension: its name, backend, targets, UI. */
export type ExtensionConfig = Pick<
  DaemonConfig,
  "name" | "image" | "socketPath" | "hostBinDir" | "hostBinaries" | "vm" | "ui"
>;

/** The daemon's state folder (token file, guest-services, installs): the clients' too. */
export { stateDir };

/** Turns flags and DIR/metadata.json into a daemon configuration (`ddbridge serve`). */
export async function resolveConfig(given: CliFlags, env = process.env): Promise<ResolvedConfig> {
  const flags = withDefaults(given);
  const extension = await resolveExtension(flags, env);
  return resolveDaemon(flags, extension, env);
}

/**
 * Completes a configuration from the flags every serving command shares
 * (listeners, token, limits, browser policy, Docker), around the given
 * extension: from an extension folder for `serve`, from an install for `up`.
 */
export async function resolveDaemon(
  given: CliFlags,
  extension: ExtensionConfig,
  env = process.env,
  /** The engine `up` installed with: one connection (one ssh login) for the whole process. */
  engine?: DockerEngine,
): Promise<ResolvedConfig> {
  const flags = withDefaults(given);
  const warnings: string[] = [];
  const level = flags["log-level"] as LogLevel;
  if (!LOG_LEVELS.includes(level))
    throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(", ")}`);

  const listen = flags.listen === "none" ? undefined : parseListen(flags.listen!);
  if (listen && !isLoopback(listen.host)) {
    warnings.push(
      `listening on ${listen.host}, reachable from other machines: anyone with the token can run commands here`,
    );
  }
  const unixPath = flags.unix ? resolve(flags.unix) : undefined;
  if (!listen && !unixPath) throw new UsageError("nothing to listen on: give --listen or --unix");
  if (extension.ui && "root" in extension.ui) {
    const entry = join(extension.ui.root, extension.ui.entry);
    const html = await readFile(entry, "utf8").catch(() => "");
    const script = uncompiledScript(html);
    if (script) {
      warnings.push(
        `${sourcePageAdvice(entry, script)} Start your dev server and pass --ui-source URL (e.g. npm run dev --prefix ui, then --ui-source http://localhost:3000), or build the UI first.`,
      );
    }
  }
  if (extension.socketPath && !(await pathExists(extension.socketPath))) {
    warnings.push(
      `no backend socket at ${extension.socketPath} yet: vm.service calls fail with UNAVAILABLE until the backend listens there`,
    );
  }

  const docker = flags["no-docker"]
    ? undefined
    : {
        engine: engine ?? connectEngine({ host: flags["docker-host"], context: flags.context }),
        cli: flags["docker-cli"]!,
      };
  if (extension.vm && "container" in extension.vm && !docker) {
    throw new UsageError("--vm-container needs Docker: drop --no-docker");
  }
  for (const origin of flags["allow-origin"] ?? []) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) {
      throw new UsageError(
        `--allow-origin takes an origin such as http://localhost:5173, got ${JSON.stringify(origin)}`,
      );
    }
  }

  const token = await loadOrCreateToken(
    resolve(flags["token-file"] ?? defaultTokenFile(env)),
    env.DDBRIDGE_TOKEN,
  );
  return {
    config: {
      ...extension,
      listen,
      unixPath,
      docker,
      token: token.token,
      logger: createLogger(level),
      browser: {
        // The dev server's own pages may call the daemon too.
        allowOrigins: new Set([
          ...(flags["allow-origin"] ?? []),
          ...(extension.ui && "source" in extension.ui
            ? [new URL(extension.ui.source).origin]
            : []),
        ]),
        allowHosts: new Set((flags["allow-host"] ?? []).map((h) => h.toLowerCase())),
      },
      maxBodyBytes: parseBytes(flags["max-body"]!),
      httpTimeoutMs: parseDuration(flags["http-timeout"]!),
      killGraceMs: parseDuration(flags["kill-grace"]!),
      fastPath: flags["no-fast-path"] !== true,
    },
    token,
    warnings,
  };
}

/** The extension of `--extension DIR` (default ".") and the flags that override its metadata. */
async function resolveExtension(flags: CliFlags, env: NodeJS.ProcessEnv): Promise<ExtensionConfig> {
  const dir = resolve(flags.extension!);
  const metadata = await readMetadata(dir);
  const socketName = metadata.vm?.exposes?.socket;
  const guestServices = resolve(flags["guest-services"] ?? join(stateDir(env), "guest-services"));
  const socketPath = flags.socket
    ? resolve(flags.socket)
    : socketName
      ? join(guestServices, socketName)
      : undefined;
  return {
    name: metadata.name ?? basename(dir),
    image: flags.image ?? "",
    socketPath,
    ...(await resolveHostBinaries(flags, dir, metadata)),
    vm: flags["vm-container"]
      ? { container: flags["vm-container"] }
      : { workdir: resolve(flags["vm-workdir"] ?? dir) },
    ui: await resolveUi(flags, dir, metadata),
  };
}

/**
 * The host target: `--host-bin DIR` (any binary in it), else this platform's
 * `host.binaries` from metadata.json, each taken under the extension folder
 * as the image lays it out; else `DIR/host` when it exists.
 */
export async function resolveHostBinaries(
  flags: CliFlags,
  dir: string,
  metadata: ExtensionMetadata,
): Promise<Pick<ExtensionConfig, "hostBinDir" | "hostBinaries">> {
  if (flags["host-bin"]) {
    const hostBinDir = resolve(flags["host-bin"]);
    if (!(await isDirectory(hostBinDir))) {
      throw new UsageError(`--host-bin ${hostBinDir} is not a directory`);
    }
    return { hostBinDir, hostBinaries: undefined };
  }
  const shipped = hostBinaryPaths(metadata, dir);
  if (Object.keys(shipped).length > 0) return { hostBinDir: dir, hostBinaries: shipped };
  const legacy = join(dir, "host");
  return { hostBinDir: (await isDirectory(legacy)) ? legacy : undefined, hostBinaries: undefined };
}

/** The UI: `--ui-source URL` (or a URL given to `--ui`), `--ui DIR`, or ui["dashboard-tab"]. */
async function resolveUi(
  flags: CliFlags,
  dir: string,
  metadata: ExtensionMetadata,
): Promise<ExtensionConfig["ui"]> {
  const chosen = await uiFromFlags(flags);
  if (chosen) return chosen;
  const tab = metadata.ui?.["dashboard-tab"];
  if (!tab?.root) return undefined;
  const root = join(dir, tab.root);
  if (!(await isDirectory(root))) {
    throw new UsageError(
      `${join(dir, "metadata.json")}: ui["dashboard-tab"].root: no folder ${root} (build the UI first, or serve a dev server with --ui-source URL)`,
    );
  }
  return { root, entry: tab.src ?? "index.html" };
}

/** The UI the flags choose over the extension's own: `--ui-source URL`, or `--ui` (a folder or a URL). */
export async function uiFromFlags(flags: CliFlags): Promise<ExtensionConfig["ui"]> {
  const source =
    flags["ui-source"] ?? (/^[a-z][a-z0-9+.-]*:\/\//i.test(flags.ui ?? "") ? flags.ui : undefined);
  if (source !== undefined) return { source: checkUiSource(source) };
  if (!flags.ui) return undefined;
  const root = resolve(flags.ui);
  if (!(await isDirectory(root))) throw new UsageError(`--ui ${root}: no such folder`);
  return { root, entry: "index.html" };
}

/** A `--ui-source` value: an http(s) URL, else a usage error. */
export function checkUiSource(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      `--ui-source takes a URL such as http://localhost:3000, got ${JSON.stringify(value)}`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--ui-source must be an http or https URL, got ${JSON.stringify(value)}`);
  }
  return url.href;
}
