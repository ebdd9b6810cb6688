import { createHash } from "node:crypto";
import { join } from "node:path";
import { forwardSocket } from "../backend/forwarded-socket.js";
import type { DockerEngine } from "../engine/engine.js";

/** The backend socket as the daemon reaches it, and what to close when it stops serving. */
export interface ReachedBackend {
  socketPath: string | undefined;
  close(): Promise<void>;
}

/**
 * The backend socket of an extension whose containers run on `engine`: on
 * this machine, the path itself; on an ssh:// engine's machine, a local
 * socket under `home`/forwarded that reaches it through the ssh connection
 * (as `ssh -L`). Over tcp:// a remote socket is out of reach: the path is
 * kept, and calls to it fail UNAVAILABLE, as `up` warned.
 */
export async function reachBackend(
  engine: DockerEngine | undefined,
  socketPath: string | undefined,
  home: string,
  onError: (err: Error) => void,
): Promise<ReachedBackend> {
  const remote = engine?.remote;
  if (!socketPath || remote?.kind !== "ssh") return { socketPath, close: async () => {} };
  const id = createHash("sha256")
    .update(`${engine!.host}\0${socketPath}`)
    .digest("hex")
    .slice(0, 16);
  // One per process: another ddbridge forwarding the same backend keeps its own socket.
  const forwarded = await forwardSocket(
    join(home, "forwarded", `${id}-${process.pid}.sock`),
    () => remote.sockets.open(socketPath),
    onError,
  );
  return { socketPath: forwarded.path, close: forwarded.close };
}

/** What `up` says about an engine on another machine, or undefined for a local one. */
export function remoteEngineNote(
  engine: DockerEngine,
  socketPath: string | undefined,
): string | undefined {
  if (!engine.remote) return undefined;
  const where = `the engine at ${engine.host} runs on another machine: the backend containers, VM exec and ddClient.docker.* run there; host binaries and the UI here`;
  if (!socketPath) return where;
  return engine.remote.kind === "ssh"
    ? `${where}; the backend's socket (${socketPath} there) is reached through the ssh connection (the ssh user must be allowed to connect to it)`
    : `${where}; its backend's socket (${socketPath} there) cannot be reached over tcp://, so vm.service calls fail UNAVAILABLE: use ssh://user@host, or forward the socket yourself and run ddbridge serve --socket PATH`;
}
