import { constants } from "node:fs";
import { access, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";

/**
 * Resolves `command` to a binary the extension ships in `hostDir`, or throws.
 * With `binaries` (metadata.json's list), only a listed name is looked up.
 *
 * Only a plain base name is accepted (no separators, not "." or ".."); the
 * file must exist in `hostDir`, be a regular executable file, and, after
 * following symlinks, still lie inside `hostDir`. On Windows `kubectl` finds
 * `kubectl.exe`. Nothing outside the directory can ever be run.
 */
export async function resolveHostBinary(
  hostDir: string,
  command: string,
  platform: NodeJS.Platform = process.platform,
  binaries?: Record<string, string>,
): Promise<string> {
  if (command === "." || command === ".." || /[/\\\0]/.test(command)) {
    throw new ConnectError(
      `host commands are base names of binaries the extension ships, not paths: ${JSON.stringify(command)}`,
      Code.InvalidArgument,
    );
  }
  const root = await realpath(hostDir).catch(() => {
    throw new ConnectError(`host binaries directory ${hostDir} does not exist`, Code.NotFound);
  });
  const names =
    platform === "win32" && !/\.exe$/i.test(command) ? [`${command}.exe`, command] : [command];
  for (const name of names) {
    const candidate = binaries ? binaries[name] : join(root, name);
    if (candidate === undefined || (binaries && !Object.hasOwn(binaries, name))) continue;
    const real = await realpath(candidate).catch(() => undefined);
    if (real === undefined) continue;
    const rel = relative(root, real);
    if (rel === "" || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      throw new ConnectError(
        `host binary ${JSON.stringify(command)} leads outside the extension's host directory`,
        Code.InvalidArgument,
      );
    }
    const info = await stat(real);
    if (!info.isFile()) continue;
    const executable = await access(real, constants.X_OK).then(
      () => true,
      () => false,
    );
    if (!executable) {
      throw new ConnectError(
        `host binary ${JSON.stringify(command)} is not executable`,
        Code.PermissionDenied,
      );
    }
    return real;
  }
  const shipped = binaries
    ? `metadata.json host.binaries lists: ${Object.keys(binaries).join(", ") || "none"}`
    : `looked in ${hostDir}`;
  throw new ConnectError(
    `the extension ships no host binary named ${JSON.stringify(command)} (${shipped})`,
    Code.NotFound,
  );
}
