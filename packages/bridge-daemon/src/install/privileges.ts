import type { BackendSpec } from "./compose-file.js";

/** Host paths that are the Docker engine itself: mounting one is full control of the engine. */
const ENGINE_SOCKETS = new Set([
  "/var/run/docker.sock.raw",
  "/var/run/docker.sock",
  "/run/docker.sock",
]);

/**
 * What an extension's backend asks of the host beyond a plain container,
 * one line each, as Docker Desktop lists them before installing: host
 * folders mounted into it (the engine's socket above all) and added
 * capabilities. Empty for a backend that asks for nothing.
 */
export function privilegesOf(backend: BackendSpec): string[] {
  const asked: string[] = [];
  for (const s of backend.services) {
    for (const v of s.volumes) {
      if (v.kind !== "bind") continue;
      if (ENGINE_SOCKETS.has(v.source)) {
        asked.push(
          `${s.name}: mounts the Docker engine's socket (${v.source}): full control of the engine, root on its machine`,
        );
      } else {
        const access = v.readOnly ? "read-only" : "read-write";
        const what =
          v.source === "/" ? "the host's whole file system" : `the host folder ${v.source}`;
        asked.push(`${s.name}: mounts ${what} at ${v.target}, ${access}`);
      }
    }
    if (s.capAdd.length > 0) {
      asked.push(`${s.name}: adds the capabilities ${s.capAdd.join(", ")}`);
    }
  }
  return asked;
}
