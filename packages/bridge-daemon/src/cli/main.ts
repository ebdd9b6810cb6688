import { parseArgs } from "node:util";
import { runDemo } from "../demo/demo.js";
import { startDaemon } from "../server/daemon.js";
import { type CliFlags, DEFAULT_LISTEN, resolveConfig } from "./resolve-config.js";
import { uiUrl } from "./ui-url.js";

export const USAGE = `ddbridge: the Docker Desktop extension backend API, anywhere.

Usage:
  ddbridge serve --extension DIR [flags]   serve an extension's backend
  ddbridge demo [--listen HOST:PORT]       run the example extension and its daemon
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
  help: { type: "boolean", short: "h" },
} as const;

/** Runs the `ddbridge` command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  let flags: CliFlags & { help?: boolean };
  try {
    flags = parseArgs({ args: rest, options: FLAG_OPTIONS, strict: true }).values;
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
      case "demo":
        return await runDemo(flags, untilSignal);
      default:
        process.stderr.write(`ddbridge: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    process.stderr.write(`ddbridge: ${(err as Error).message}\n`);
    return 1;
  }
}

async function serve(flags: CliFlags): Promise<number> {
  const { config, token, warnings } = await resolveConfig(flags);
  for (const w of warnings) config.logger.warn(w);
  if (token.generated) config.logger.info("generated a new token", { tokenFile: token.file });
  const daemon = await startDaemon(config);
  if (config.ui && daemon.url) {
    process.stdout.write(`Open the extension UI: ${uiUrl(daemon.url, config.token)}\n`);
    for (const origin of config.browser.allowOrigins) {
      process.stdout.write(`From your dev server:  ${uiUrl(origin, config.token)}\n`);
    }
  }
  const signal = await untilSignal();
  config.logger.info("shutting down", { signal });
  await daemon.close();
  return 0;
}

/** Resolves with the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      resolve(sig);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}
