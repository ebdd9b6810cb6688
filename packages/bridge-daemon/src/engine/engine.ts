import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { Code, ConnectError } from "@connectrpc/connect";
import type Docker from "dockerode";
import { contextHost } from "./docker-context.js";

/** A Docker engine the daemon talks to, and how to name it in errors. */
export interface DockerEngine {
  api: Docker;
  /** The engine address as DOCKER_HOST spells it. */
  host: string;
}

const DEFAULT_HOST = "unix:///var/run/docker.sock";

/**
 * Connects (lazily) to the engine at `host`, by default DOCKER_HOST and the
 * library's defaults (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH and ssh:// included),
 * else the docker CLI's current context, else the local socket.
 * dockerode (with ssh2 and its crypto) is loaded at the first use of `api`:
 * a daemon that never touches Docker does not pay for it in memory.
 */
export function connectEngine(
  host: string | undefined = process.env.DOCKER_HOST || contextHost(),
): DockerEngine {
  let api: Docker | undefined;
  const options = engineOptions(host);
  return {
    get api() {
      api ??= new (loadDockerode())(options);
      return api;
    },
    host: host || DEFAULT_HOST,
  };
}

/** dockerode's options for `host`; undefined: its defaults (DOCKER_HOST and friends). */
function engineOptions(host: string | undefined): Docker.DockerOptions | undefined {
  if (!host || host === process.env.DOCKER_HOST) return undefined;
  if (host.startsWith("unix://")) return { socketPath: host.slice("unix://".length) };
  const url = new URL(host.includes("//") ? host : `tcp://${host}`);
  return {
    host: url.hostname,
    port: url.port || (url.protocol === "ssh:" ? 22 : 2375),
    protocol: url.protocol === "ssh:" ? "ssh" : "http",
    ...(url.username ? { username: url.username } : {}),
  };
}

/**
 * dockerode as the build bundles it (vendor.mjs): dist/vendor is two folders
 * up from both src/engine and dist/engine. The bundle leaves out ssh2, so
 * that installing ddbridge runs no install scripts; ssh:// engines load it.
 */
function loadDockerode(): typeof Docker {
  const bundle = fileURLToPath(new URL("../../dist/vendor/dockerode.cjs", import.meta.url));
  try {
    return createRequire(import.meta.url)(bundle);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw err;
    throw new Error(`${bundle} is missing: build the package first (npm run setup)`);
  }
}

/** How long {@link requireEngine} waits for the engine's answer. */
const PING_TIMEOUT_MS = 10_000;

/**
 * Resolves once the engine answers a ping; otherwise rejects with what a
 * user can do about it (start Docker, DOCKER_HOST, --docker-host, a docker
 * context), before a command has created anything.
 */
export async function requireEngine(engine: DockerEngine, command: string): Promise<void> {
  const reason = await pingEngine(engine);
  if (reason === undefined) return;
  throw new Error(
    `no Docker engine answers at ${engine.host} (${reason}).\n` +
      `ddbridge ${command} needs one. Start Docker, or point ddbridge at a running engine:\n` +
      `  DOCKER_HOST=unix:///path/to/docker.sock ddbridge ${command} ...   (or --docker-host URL; tcp:// and ssh:// work too)\n` +
      "  docker context use NAME                                   (ddbridge follows the current context, as docker does)",
  );
}

/** Undefined when the engine answers a ping; else why not, in a few words. */
export async function pingEngine(engine: DockerEngine): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(
      () => resolve(`no answer within ${PING_TIMEOUT_MS / 1000} s`),
      PING_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([
      engine.api.ping().then(
        () => undefined,
        (err: EngineFailure) => err.message ?? String(err),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** An error of the Engine API as dockerode reports it. */
interface EngineFailure {
  statusCode?: number;
  code?: string;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

/** Whether the engine answered 404: the container, volume, image or path does not exist. */
export function isNotFound(err: unknown): boolean {
  return (err as EngineFailure | undefined)?.statusCode === 404;
}

/** Refusal of every Docker call when the daemon runs with --no-docker. */
export function dockerOff(): ConnectError {
  return new ConnectError(
    "no Docker engine configured on this ddbridge daemon (it runs with --no-docker)",
    Code.FailedPrecondition,
  );
}

/**
 * Maps an Engine API failure to the gRPC code a caller can act on: an
 * unreachable engine, or a container that is gone or stopped, is UNAVAILABLE
 * (retry later); a refused request is INVALID_ARGUMENT.
 */
export function engineError(engine: DockerEngine, err: unknown, doing: string): ConnectError {
  if (err instanceof ConnectError) return err;
  const e = (err ?? {}) as EngineFailure;
  const detail = e.json?.message ?? e.reason ?? e.message ?? String(err);
  if (e.code && ["ECONNREFUSED", "ENOENT", "EACCES", "ECONNRESET", "EPIPE"].includes(e.code)) {
    return new ConnectError(
      `${doing}: Docker engine unreachable at ${engine.host} (${e.code})`,
      Code.Unavailable,
    );
  }
  switch (e.statusCode) {
    case 400:
      return new ConnectError(`${doing}: ${detail}`, Code.InvalidArgument);
    case 404:
    case 409:
      return new ConnectError(`${doing}: ${detail}`, Code.Unavailable);
    default:
      return new ConnectError(`${doing}: ${detail}`, Code.Internal);
  }
}
