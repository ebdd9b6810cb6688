import { chmod, lstat, unlink } from "node:fs/promises";
import type * as net from "node:net";
import { socketAccepts } from "../process/wait-for-socket.js";

/**
 * Listens on a unix socket readable and writable by this user only (0600).
 * A stale socket file nobody listens on is replaced; a live one is an error,
 * and so is anything at the path that is not a socket.
 */
export async function listenUnix(server: net.Server, path: string): Promise<void> {
  if (await socketAccepts(path)) throw new Error(`another process is listening on ${path}`);
  // Only a socket is ours to replace: a regular file, folder or symlink at
  // PATH is somebody's data, and --unix never deletes it.
  const existing = await lstat(path).catch(() => undefined);
  if (existing && !existing.isSocket()) {
    throw new Error(
      `--unix ${path}: a ${kindOf(existing)} is there, not a socket; remove it yourself or choose another path`,
    );
  }
  if (existing) await unlink(path);
  const mask = process.umask(0o177);
  try {
    await listen(server, { path });
  } finally {
    process.umask(mask);
  }
  await chmod(path, 0o600);
}

/** `server.listen` as a promise that rejects on EADDRINUSE and the like. */
export function listen(server: net.Server, options: net.ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

function kindOf(s: {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}): string {
  if (s.isSymbolicLink()) return "symlink";
  if (s.isDirectory()) return "folder";
  return s.isFile() ? "regular file" : "file that is not a socket";
}
