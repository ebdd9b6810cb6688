import { homedir } from "node:os";
import { basename, join, resolve } from "node:path";
import { loadOrCreateToken, type TokenSource } from "../auth/token.js";
import { connectEngine } from "../engine/engine.js";
import { isDirectory } from "../fs/is-directory.js";
import { createLogger, LOG_LEVELS, type LogLevel } from "../log/logger.js";
import { readMetadata } from "../metadata/read-metadata.js";
import type { DaemonConfig } from "../server/daemon-config.js";
import { isLoopback, parseBytes, parseDuration, parseListen } from "./units.js";

/** The default TCP address: loopback only. */
export const DEFAULT_LISTEN = "127.0.0.1:7799";

/** Flags of `ddbridge serve`, as strings from the command line. */
export interface CliFlags {
  extension?: string;
  listen?: string;
  unix?: string;
  socket?: string;
  "guest-services"?: string;
  "host-bin"?: string;
  "vm-workdir"?: string;
  "token-file"?: string;
  "log-level"?: string;
  "max-body"?: string;
  "http-timeout"?: string;
  "kill-grace"?: string;
  "allow-origin"?: string[];
  "allow-host"?: string[];
  ui?: string;
  "vm-container"?: string;
  "docker-host"?: string;
  "docker-cli"?: string;
  "no-docker"?: boolean;
}

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
  "name" | "image" | "socketPath" | "hostBinDir" | "vm" | "ui"
>;

/** The daemon's state folder: token file and default guest-services dir. */
export function stateDir(env = process.env): string {
  return env.DDBRIDGE_HOME ?? join(homedir(), ".ddbridge");
}

/** Turns flags and DIR/metadata.json into a daemon configuration (`ddbridge serve`). */
export async function resolveConfig(flags: CliFlags, env = process.env): Promise<ResolvedConfig> {
  const extension = await resolveExtension(flags, env);
  return resolveDaemon(flags, extension, env);
}

/**
 * Completes a configuration from the flags every serving command shares
 * (listeners, token, limits, browser policy, Docker), around the given
 * extension: from an extension folder for `serve`, from an install for `up`.
 */
export async function resolveDaemon(
  flags: CliFlags,
  extension: ExtensionConfig,
  env = process.env,
): Promise<ResolvedConfig> {
  const warnings: string[] = [];
  const level = (flags["log-level"] ?? "info") as LogLevel;
  if (!LOG_LEVELS.includes(level))
    throw new Error(`--log-level must be one of ${LOG_LEVELS.join(", ")}`);

  const listenFlag = flags.listen ?? DEFAULT_LISTEN;
  const listen = listenFlag === "none" ? undefined : parseListen(listenFlag);
  if (listen && !isLoopback(listen.host)) {
    warnings.push(
      `listening on ${listen.host}, reachable from other machines: anyone with the token can run commands here`,
    );
  }
  const unixPath = flags.unix ? resolve(flags.unix) : undefined;
  if (!listen && !unixPath) throw new Error("nothing to listen on: give --listen or --unix");

  const docker = flags["no-docker"]
    ? undefined
    : { engine: connectEngine(flags["docker-host"]), cli: flags["docker-cli"] ?? "docker" };
  if (extension.vm && "container" in extension.vm && !docker) {
    throw new Error("--vm-container needs Docker: drop --no-docker");
  }
  for (const origin of flags["allow-origin"] ?? []) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) {
      throw new Error(
        `--allow-origin takes an origin such as http://localhost:5173, got ${JSON.stringify(origin)}`,
      );
    }
  }

  const token = await loadOrCreateToken(
    resolve(flags["token-file"] ?? join(stateDir(env), "token")),
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
        allowOrigins: new Set(flags["allow-origin"] ?? []),
        allowHosts: new Set((flags["allow-host"] ?? []).map((h) => h.toLowerCase())),
      },
      maxBodyBytes: parseBytes(flags["max-body"] ?? "4MiB"),
      httpTimeoutMs: parseDuration(flags["http-timeout"] ?? "30s"),
      killGraceMs: parseDuration(flags["kill-grace"] ?? "2s"),
    },
    token,
    warnings,
  };
}

/** The extension of `--extension DIR` (default ".") and the flags that override its metadata. */
async function resolveExtension(flags: CliFlags, env: NodeJS.ProcessEnv): Promise<ExtensionConfig> {
  const dir = resolve(flags.extension ?? ".");
  const metadata = await readMetadata(dir);
  const socketName = metadata.vm?.exposes?.socket;
  const guestServices = resolve(flags["guest-services"] ?? join(stateDir(env), "guest-services"));
  const socketPath = flags.socket
    ? resolve(flags.socket)
    : socketName
      ? join(guestServices, socketName)
      : undefined;

  const defaultHostDir = join(dir, "host");
  const hostBinDir = flags["host-bin"]
    ? resolve(flags["host-bin"])
    : (await isDirectory(defaultHostDir))
      ? defaultHostDir
      : undefined;
  if (hostBinDir && !(await isDirectory(hostBinDir))) {
    throw new Error(`--host-bin ${hostBinDir} is not a directory`);
  }
  const tab = metadata.ui?.["dashboard-tab"];
  return {
    name: metadata.name ?? basename(dir),
    image: "",
    socketPath,
    hostBinDir,
    vm: flags["vm-container"]
      ? { container: flags["vm-container"] }
      : { workdir: resolve(flags["vm-workdir"] ?? dir) },
    ui: flags.ui
      ? { root: resolve(flags.ui), entry: "index.html" }
      : tab?.root
        ? { root: join(dir, tab.root), entry: tab.src ?? "index.html" }
        : undefined,
  };
}
