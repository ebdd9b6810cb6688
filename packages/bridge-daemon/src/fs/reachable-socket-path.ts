import { constants, openSync } from "node:fs";
import { basename, dirname } from "node:path";

/** The longest unix socket path Linux's connect() takes (sun_path is 108 bytes with its NUL). */
const MAX_SOCKET_PATH = 107;

const opened = new Map<string, string>();

/**
 * A path connect() can take for a unix socket however deep it lies. Past the
 * kernel's sun_path limit the socket's folder is opened once (and kept open)
 * and the socket reached as /proc/self/fd/N/NAME. Why: `up` puts a backend's
 * socket in DDBRIDGE_HOME/extensions/NAME/guest-services/, which a home in a
 * temp folder takes past 107 bytes; the container listens at its own short
 * path and the host could not connect. Elsewhere, or when the folder cannot
 * be opened (yet), the path is returned as it is.
 */
export function reachableSocketPath(path: string): string {
  if (Buffer.byteLength(path) <= MAX_SOCKET_PATH || process.platform !== "linux") return path;
  const dir = dirname(path);
  let folder = opened.get(dir);
  if (folder === undefined) {
    try {
      folder = `/proc/self/fd/${openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY)}`;
    } catch {
      return path;
    }
    opened.set(dir, folder);
  }
  return `${folder}/${basename(path)}`;
}
