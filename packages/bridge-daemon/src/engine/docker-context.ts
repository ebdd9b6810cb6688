import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** A docker context's engine endpoint, as the docker CLI stores it. */
export interface ContextEndpoint {
  /** The context's name. */
  name: string;
  /** Its engine address (unix://, tcp://, ssh://). */
  host: string;
  /** The context's TLS files (ca.pem, cert.pem, key.pem), when it has them. */
  tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
  skipTlsVerify: boolean;
}

/**
 * The endpoint of a docker context, found as `docker` finds it: `name` (from
 * --context), else DOCKER_CONTEXT, else `currentContext` in config.json;
 * contexts are stored by the SHA-256 of their name, their TLS files beside.
 * Undefined for the default context (no flag, no variable, none current).
 * A context named but missing is an error, as with `docker --context`.
 */
export function contextEndpoint(
  name: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): ContextEndpoint | undefined {
  const configDir = env.DOCKER_CONFIG || join(home, ".docker");
  const chosen =
    name || env.DOCKER_CONTEXT || readJson(join(configDir, "config.json"))?.currentContext;
  if (typeof chosen !== "string" || chosen === "" || chosen === "default") return undefined;
  const id = createHash("sha256").update(chosen).digest("hex");
  const meta = readJson(join(configDir, "contexts", "meta", id, "meta.json"));
  const docker = meta?.Endpoints?.docker;
  const host = docker?.Host;
  if (typeof host !== "string" || host === "") {
    throw new Error(
      `docker context ${JSON.stringify(chosen)} not found in ${join(configDir, "contexts")} (docker context ls lists them)`,
    );
  }
  const tlsDir = join(configDir, "contexts", "tls", id, "docker");
  const file = (f: string) => readFileOrUndefined(join(tlsDir, f));
  const tls = { ca: file("ca.pem"), cert: file("cert.pem"), key: file("key.pem") };
  return {
    name: chosen,
    host,
    ...(tls.ca || tls.cert || tls.key ? { tls } : {}),
    skipTlsVerify: docker.SkipTLSVerify === true,
  };
}

/** The engine address of the current context (see {@link contextEndpoint}), or undefined. */
export function contextHost(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string | undefined {
  try {
    return contextEndpoint(undefined, env, home)?.host;
  } catch {
    return undefined;
  }
}

function readJson(file: string): any {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

function readFileOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
