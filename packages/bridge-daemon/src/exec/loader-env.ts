import { Code, ConnectError } from "@connectrpc/connect";

/**
 * Environment variables that make the dynamic loader load code a command did
 * not ship: LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT and the rest of glibc's and
 * musl's LD_*, and macOS's DYLD_*. A page may set a command's environment, so
 * on the host these would let it load any library; in a container they only
 * reach the container, and are allowed there.
 */
export function refuseLoaderEnv(env: Record<string, string>): void {
  const name = Object.keys(env).find((n) => /^(LD_|DYLD_)/i.test(n));
  if (name !== undefined) {
    throw new ConnectError(
      `environment variable ${name} is refused for commands run on the host: it makes the loader load other code`,
      Code.InvalidArgument,
    );
  }
}
