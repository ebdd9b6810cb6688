import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * The engine address of the docker CLI's current context, found as `docker`
 * finds it (DOCKER_CONTEXT, else `currentContext` in config.json; contexts are
 * stored by the SHA-256 of their name), so ddbridge talks to the same engine
 * as the user's `docker` without a flag. Undefined for the default context,
 * or when the context has no docker endpoint.
 */
export function contextHost(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string | undefined {
  const configDir = env.DOCKER_CONFIG || join(home, ".docker");
  const name = env.DOCKER_CONTEXT || readJson(join(configDir, "config.json"))?.currentContext;
  if (typeof name !== "string" || name === "" || name === "default") return undefined;
  const id = createHash("sha256").update(name).digest("hex");
  const meta = readJson(join(configDir, "contexts", "meta", id, "meta.json"));
  const host = meta?.Endpoints?.docker?.Host;
  return typeof host === "string" && host !== "" ? host : undefined;
}

function readJson(file: string): any {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}
