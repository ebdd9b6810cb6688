import { parseArgs } from "node:util";
import { type CliFlags, DEFAULT_LISTEN } from "./resolve-config.js";
import { serve, untilSignal } from "./serve-command.js";
import { runDown, runUp, type UpFlags } from "./up-command.js";

export const USAGE = `ddbridge: the Docker Desktop extension backend API, anywhere.

Usage:
  ddbridge serve --extension DIR [flags]   serve an extension's backend
  ddbridge up IMAGE|DIR [flags]            install an extension image (or build DIR's
                                           Dockerfile), start its backend containers,
                                           and serve it; Ctrl+C stops serving only
  ddbridge down IMAGE|DIR | --all          remove what up created: containers,
                                           volumes, a built image, extracted files
  ddbridge help | --help                   this text

Flags of serve:
  --extension DIR        extension folder with metadata.json (default: .)
  --listen HOST:PORT     TCP address for gRPC, gRPC-Web and Connect
                         (default: ${DEFAULT_LISTEN}; "none" for no TCP)
  --unix PATH            also listen on a unix socket (mode 0600)
  --socket PATH          the backend's socket (default: vm.exposes.socket
                         under --guest-services)
  --guest-services DIR   where backend sockets live (default: ~/.ddbridge/guest-services)
  --host-bin DIR         the extension's host binaries (default: DIR/host if it exists)
  --vm-workdir DIR       working directory of VM commands, local runner (default: DIR)
  --token-file PATH      bearer token file; created (0600) with a new token if
                         missing (default: ~/.ddbridge/token). DDBRIDGE_TOKEN wins.
  --log-level LEVEL      debug, info, warn, error or silent (default: info)
  --max-body SIZE        largest unary HTTP body (default: 4MiB)
  --http-timeout TIME    backend response timeout (default: 30s)
  --kill-grace TIME      SIGTERM to SIGKILL delay for cancelled commands (default: 2s)
  --ui DIR               serve this folder's index.html at / instead of the
                         extension's ui["dashboard-tab"]
  --allow-origin ORIGIN  let pages of ORIGIN (e.g. a dev server, http://localhost:5173)
                         call the daemon cross-origin; repeatable
  --allow-host NAME      also answer to Host NAME (besides IP addresses and
                         localhost; DNS names are refused against DNS rebinding); repeatable
  --vm-container NAME    run VM commands in this container (Engine API exec)
                         instead of the local runner
  --docker-host URL      the engine for containers and ddClient.docker.*
                         (default: DOCKER_HOST, else unix:///var/run/docker.sock)
  --docker-cli PATH      the docker CLI behind ddClient.docker.cli.exec (default: docker)
  --no-docker            turn ddClient.docker.* off

Flags of up (besides those of serve, except --extension, --socket, --host-bin,
--vm-container, --vm-workdir, --guest-services and --no-docker, which up sets):
  --network MODE         network of the backend containers (default: bridge)
  --wait TIME            how long the backend may take to open its socket (default: 60s)

State (token, installed extensions) lives in DDBRIDGE_HOME (default: ~/.ddbridge).
`;

const FLAG_OPTIONS = {
  extension: { type: "string" },
  listen: { type: "string" },
  unix: { type: "string" },
  socket: { type: "string" },
  "guest-services": { type: "string" },
  "host-bin": { type: "string" },
  "vm-workdir": { type: "string" },
  "token-file": { type: "string" },
  "log-level": { type: "string" },
  "max-body": { type: "string" },
  "http-timeout": { type: "string" },
  "kill-grace": { type: "string" },
  ui: { type: "string" },
  "allow-origin": { type: "string", multiple: true },
  "allow-host": { type: "string", multiple: true },
  "vm-container": { type: "string" },
  "docker-host": { type: "string" },
  "docker-cli": { type: "string" },
  "no-docker": { type: "boolean" },
  network: { type: "string" },
  wait: { type: "string" },
  all: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Runs the `ddbridge` command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  let flags: CliFlags & UpFlags & { help?: boolean };
  let positionals: string[];
  try {
    ({ values: flags, positionals } = parseArgs({
      args: rest,
      options: FLAG_OPTIONS,
      strict: true,
      allowPositionals: command === "up" || command === "down",
    }));
  } catch (err) {
    process.stderr.write(`ddbridge: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    switch (command) {
      case "serve":
        return await serve(flags);
      case "up":
        return await runUp(positionals, flags, untilSignal);
      case "down":
        return await runDown(positionals, flags);
      default:
        process.stderr.write(`ddbridge: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    process.stderr.write(`ddbridge: ${(err as Error).message}\n`);
    return 1;
  }
}
