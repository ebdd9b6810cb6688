import { chmod, mkdir, rm } from "node:fs/promises";
import * as net from "node:net";
import { dirname } from "node:path";
import type { Duplex } from "node:stream";

/** A local unix socket whose connections go on to a socket elsewhere. */
export interface ForwardedSocket {
  /** The local socket's path: give it to the daemon as the backend's. */
  path: string;
  close(): Promise<void>;
}

/**
 * Listens on `localPath` (0600) and joins each connection to a stream that
 * `open` makes to the real socket (on a remote engine's machine, through
 * ssh). The bridge's backend client then needs nothing of the remote: a
 * connection that cannot be forwarded is closed, as a refused connect.
 */
export async function forwardSocket(
  localPath: string,
  open: () => Promise<Duplex>,
  onError: (err: Error) => void = () => {},
): Promise<ForwardedSocket> {
  await mkdir(dirname(localPath), { recursive: true, mode: 0o700 });
  await rm(localPath, { force: true });
  const joined = new Set<net.Socket>();
  // Half-open: a client that has sent all its request still gets the whole answer.
  const server = net.createServer({ allowHalfOpen: true }, (local) => {
    joined.add(local);
    local.once("close", () => joined.delete(local));
    local.pause();
    open().then(
      (remote) => {
        local.pipe(remote).pipe(local);
        local.resume();
        const end = () => {
          local.destroy();
          remote.destroy();
        };
        local.once("close", end);
        remote.once("close", end);
        local.on("error", end);
        remote.on("error", end);
      },
      (err: Error) => {
        onError(err);
        local.destroy();
      },
    );
  });
  const mask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(localPath, () => resolve());
    });
  } finally {
    process.umask(mask);
  }
  await chmod(localPath, 0o600);
  return {
    path: localPath,
    close: () =>
      new Promise<void>((resolve) => {
        // Gone before close resolves: a new forward at the same path is not removed by this one.
        server.close(() =>
          rm(localPath, { force: true })
            .catch(() => {})
            .then(() => resolve()),
        );
        // Connections still joined end with the forward: nothing outlives it.
        for (const s of joined) s.destroy();
      }),
  };
}
