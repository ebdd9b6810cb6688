import { Code, ConnectError } from "@connectrpc/connect";

/**
 * The refusals of a command that cannot start, worded and coded alike
 * whichever runner found them: the spawn of a host process, or the OCI
 * runtime inside a container.
 */
export const startErrors = {
  notFound: (command: string) => new ConnectError(`command not found: ${command}`, Code.NotFound),
  notExecutable: (command: string) =>
    new ConnectError(`command cannot be executed: ${command}`, Code.PermissionDenied),
  noWorkdir: (dir: string, where = "") =>
    new ConnectError(`working directory ${dir} does not exist${where}`, Code.InvalidArgument),
  badFormat: (command: string) =>
    new ConnectError(`not an executable format: ${command}`, Code.FailedPrecondition),
  tooLong: (command: string) =>
    new ConnectError(
      `cannot start ${command}: its arguments and environment exceed the system's limit (E2BIG); pass large data another way, such as a file`,
      Code.InvalidArgument,
    ),
  other: (command: string, detail: string, code = Code.Internal) =>
    new ConnectError(`cannot start ${command}: ${detail}`, code),
};
