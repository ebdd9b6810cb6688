import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Code, ConnectError } from "@connectrpc/connect";
import type Docker from "dockerode";
import { contextEndpoint } from "./docker-context.js";
import { type SshConnection, sshConnection } from "./ssh-connection.js";
import { sshLogin, sshLoginProblem } from "./ssh-endpoint.js";

/** A Docker engine the daemon talks to, and how to name it in errors. */
export interface DockerEngine {
  api: Docker;
  /** The engine address as DOCKER_HOST spells it. */
  host: string;
  /** What the docker CLI needs in its environment to reach the same engine. */
  cliEnv: Record<string, string | undefined>;
  /**
   * Set when the engine runs on another machine: its containers' bind
   * mounts and unix sockets are that machine's. Over ssh:// they are reached
   * through the ssh connection; over tcp:// they cannot be.
   */
  remote?: { kind: "ssh"; sockets: SshConnection } | { kind: "tcp" };
}

const DEFAULT_HOST = "unix:///var/run/docker.sock";

/** Where the engine comes from, in the docker CLI's order. */
export interface EngineChoice {
  /** --docker-host: wins over everything. */
  host?: string | undefined;
  /** --context NAME: a docker context, over DOCKER_HOST. */
  context?: string | undefined;
}

/**
 * Connects (lazily) to the engine the user means, as the docker CLI picks it:
 * --docker-host, else --context NAME, else DOCKER_HOST (with
 * DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), else DOCKER_CONTEXT or the CLI's
 * current context (with its TLS files), else the local socket. ssh:// logs
 * in with the agent or a key of ~/.ssh and checks known_hosts.
 * dockerode (with ssh2 and its crypto) is loaded at the first use of `api`:
 * a daemon that never touches Docker does not pay for it in memory.
 */
export function connectEngine(
  choice: EngineChoice | string | undefined = {},
  env: NodeJS.ProcessEnv = process.env,
): DockerEngine {
  const { host: flagHost, context } = typeof choice === "string" ? { host: choice } : choice;
  const endpoint =
    flagHost || (!context && env.DOCKER_HOST) ? undefined : contextEndpoint(context, env);
  const host = flagHost || endpoint?.host || env.DOCKER_HOST || DEFAULT_HOST;
  const tls = endpoint
    ? endpoint.tls && { ...endpoint.tls, verify: !endpoint.skipTlsVerify }
    : tlsFromEnv(env);
  const url = parseHost(host);
  const login = url.protocol === "ssh:" ? sshLogin(url, env) : undefined;
  const ssh = login ? sshConnection(login) : undefined;
  const options = host.startsWith("unix://")
    ? { socketPath: host.slice("unix://".length) }
    : engineOptions(url, tls, ssh);
  let api: Docker | undefined;
  const cliEnv: Record<string, string | undefined> = endpoint
    ? { DOCKER_CONTEXT: endpoint.name, DOCKER_HOST: undefined }
    : { DOCKER_HOST: host };
  const remote: DockerEngine["remote"] = ssh
    ? { kind: "ssh", sockets: ssh }
    : url.protocol === "tcp:" && !isLoopbackName(url.hostname)
      ? { kind: "tcp" }
      : undefined;
  return {
    get api() {
      if (api) return api;
      const problem = login && sshLoginProblem(login);
      if (problem) throw new Error(problem);
      api = new (loadDockerode())(options);
      return api;
    },
    host,
    cliEnv,
    ...(remote ? { remote } : {}),
  };
}

function parseHost(host: string): URL {
  if (host.startsWith("unix://")) return new URL("unix:///");
  return new URL(host.includes("//") ? host : `tcp://${host}`);
}

/** The TLS files of a tcp:// engine, and whether its certificate is checked. */
interface EngineTls {
  ca?: Buffer | undefined;
  cert?: Buffer | undefined;
  key?: Buffer | undefined;
  verify: boolean;
}

/** DOCKER_TLS_VERIFY / DOCKER_CERT_PATH as the docker CLI reads them. */
function tlsFromEnv(env: NodeJS.ProcessEnv): EngineTls | undefined {
  if (!env.DOCKER_TLS_VERIFY && !env.DOCKER_CERT_PATH) return undefined;
  const dir = env.DOCKER_CERT_PATH || join(homedir(), ".docker");
  const read = (f: string) => {
    try {
      return readFileSync(join(dir, f));
    } catch {
      return undefined;
    }
  };
  return {
    ca: read("ca.pem"),
    cert: read("cert.pem"),
    key: read("key.pem"),
    verify: env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== "",
  };
}

function engineOptions(
  url: URL,
  tls: EngineTls | undefined,
  ssh: SshConnection | undefined,
): Docker.DockerOptions {
  // Plain HTTP over the ssh connection's dial-stdio channels (ssh-connection.ts).
  if (ssh)
    return {
      protocol: "http",
      host: url.hostname,
      port: 2375,
      agent: ssh.agent,
    } as Docker.DockerOptions;
  return {
    host: url.hostname,
    port: url.port || (tls ? 2376 : 2375),
    protocol: tls ? "https" : "http",
    ...(tls?.ca ? { ca: tls.ca } : {}),
    ...(tls?.cert ? { cert: tls.cert } : {}),
    ...(tls?.key ? { key: tls.key } : {}),
    // dockerode's https agent verifies unless told not to (a context's SkipTLSVerify).
    ...(tls && !tls.verify ? { rejectUnauthorized: false } : {}),
  } as Docker.DockerOptions;
}

function isLoopbackName(name: string): boolean {
  return name === "localhost" || name === "127.0.0.1" || name === "[::1]" || name === "::1";
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
