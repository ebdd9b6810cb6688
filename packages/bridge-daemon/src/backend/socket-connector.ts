import { lstat } from "node:fs/promises";
import type { buildConnector } from "undici";

/** The code of a connect refused because the path is not a plain socket. */
export const NOT_A_SOCKET = "DDBRIDGE_NOT_A_SOCKET";

/**
 * undici's unix-socket connector, refusing a backend socket that is not a
 * socket file itself: a backend controls its guest-services folder and could
 * put a symlink to another socket there (the Docker engine's, say), which
 * plain connect() would follow. Checked on each new connection, the only time
 * a path is resolved (keep-alive connections are reused without it). The
 * check and the connect are two steps, so a backend that swaps the file in
 * between wins a race; that is the limit of what a path-based connect allows.
 */
export function socketOnlyConnector(
  socketPath: string,
  build: typeof buildConnector,
): buildConnector.connector {
  const connect = build({ socketPath });
  return (options, callback) => {
    lstat(socketPath).then(
      (s) => {
        if (s.isSocket()) return connect(options, callback);
        const what = s.isSymbolicLink() ? "a symlink" : "not a socket";
        callback(
          Object.assign(
            new Error(`${socketPath} is ${what}; the bridge connects only to a socket file`),
            {
              code: NOT_A_SOCKET,
            },
          ),
          null,
        );
      },
      // Missing: let connect() report ENOENT as usual.
      () => connect(options, callback),
    );
  };
}
