import { createRequire } from "node:module";
import { Code, ConnectError } from "@connectrpc/connect";
import type Docker from "dockerode";

/** A Docker engine the daemon talks to, and how to name it in errors. */
export interface DockerEngine {
  api: Docker;
  /** The engine address as DOCKER_HOST spells it. */
  host: string;
}

const DEFAULT_HOST = "unix:///var/run/docker.sock";

/**
 * Connects (lazily) to the engine at `host`, by default DOCKER_HOST and the
 * library's defaults (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH and ssh:// included).
 * dockerode (with ssh2 and its crypto) is loaded at the first use of `api`:
 * a daemon that never touches Docker does not pay for it (measured: idle RSS
 * of `ddbridge serve` 85 → 76 MiB, 3 runs each).
 */
export function connectEngine(host: string | undefined = process.env.DOCKER_HOST): DockerEngine {
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

function loadDockerode(): typeof Docker {
  return createRequire(import.meta.url)("dockerode");
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
