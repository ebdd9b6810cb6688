import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { HELP } from "./help.js";
import { printable } from "./terminal-text.js";
import { UsageError } from "./usage-error.js";

// Only this file and help.ts load for `--help` and `--version`: each command's
// modules (and dockerode, undici, connect) load when that command runs.

const SERVE_OPTIONS = {
  extension: { type: "string" },
  listen: { type: "string" },
  unix: { type: "string" },
  socket: { type: "string" },
  "guest-services": { type: "string" },
  "host-bin": { type: "string" },
  "vm-workdir": { type: "string" },
  image: { type: "string" },
  "token-file": { type: "string" },
  "log-level": { type: "string" },
  "max-body": { type: "string" },
  "http-timeout": { type: "string" },
  "kill-grace": { type: "string" },
  ui: { type: "string" },
  "ui-source": { type: "string" },
  open: { type: "boolean" },
  "allow-origin": { type: "string", multiple: true },
  "allow-host": { type: "string", multiple: true },
  "vm-container": { type: "string" },
  "docker-host": { type: "string" },
  "docker-cli": { type: "string" },
  "no-docker": { type: "boolean" },
  "no-fast-path": { type: "boolean" },
} as const;

const HELP_OPTION = { help: { type: "boolean", short: "h" } } as const;
const DOCKER_HOST = { "docker-host": { type: "string" } } as const;

/** The flags and positional arguments each command takes. */
const COMMANDS = {
  serve: { options: { ...SERVE_OPTIONS, ...HELP_OPTION }, positionals: false },
  up: {
    options: {
      ...SERVE_OPTIONS,
      network: { type: "string" },
      "publish-ip": { type: "string" },
      "max-copy": { type: "string" },
      env: { type: "string", short: "e", multiple: true },
      wait: { type: "string" },
      yes: { type: "boolean" },
      ...HELP_OPTION,
    },
    positionals: true,
  },
  down: {
    options: {
      all: { type: "boolean" },
      volumes: { type: "boolean" },
      ...DOCKER_HOST,
      ...HELP_OPTION,
    },
    positionals: true,
  },
  ls: {
    options: { json: { type: "boolean" }, ...DOCKER_HOST, ...HELP_OPTION },
    positionals: false,
  },
  validate: { options: { ...DOCKER_HOST, ...HELP_OPTION }, positionals: true },
  url: { options: { "token-file": { type: "string" }, ...HELP_OPTION }, positionals: true },
  "init-tests": {
    options: { force: { type: "boolean" }, ci: { type: "string" }, ...HELP_OPTION },
    positionals: true,
  },
} as const;

type Command = keyof typeof COMMANDS;

/** The package's version, from its package.json (two folders up from src/cli and dist/cli). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return pkg.version as string;
}

/** Runs the `ddbridge` command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--version" || command === "-v" || command === "version") {
    process.stdout.write(`ddbridge ${version()}\n`);
    return 0;
  }
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    const topic = command === "help" ? (rest[0] ?? "") : "";
    const text = HELP[topic];
    if (text === undefined) return usage(`unknown command ${JSON.stringify(topic)}`);
    process.stdout.write(text);
    return command === undefined ? 2 : 0;
  }
  if (!Object.hasOwn(COMMANDS, command)) return usage(`unknown command ${JSON.stringify(command)}`);
  const spec = COMMANDS[command as Command];
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: spec.options,
      strict: true,
      allowPositionals: spec.positionals,
    }));
  } catch (err) {
    return usage((err as Error).message, command);
  }
  if (values.help) {
    process.stdout.write(HELP[command]!);
    return 0;
  }
  try {
    return await run(command as Command, values, positionals);
  } catch (err) {
    const e = err as Error;
    process.stderr.write(`ddbridge ${command}: ${printable(e.message, { keepNewlines: true })}\n`);
    return e instanceof UsageError || e.name === "MetadataError" ? 2 : 1;
  }
}

async function run(
  command: Command,
  flags: Record<string, unknown>,
  positionals: string[],
): Promise<number> {
  switch (command) {
    case "serve": {
      const { serve } = await import("./serve-command.js");
      return serve(flags);
    }
    case "up": {
      const [{ runUp }, { untilSignal }] = await Promise.all([
        import("./up-command.js"),
        import("./serve-command.js"),
      ]);
      return runUp(positionals, flags, untilSignal);
    }
    case "down":
      return (await import("./up-command.js")).runDown(positionals, flags);
    case "ls":
      return (await import("./ls-command.js")).runLs(flags);
    case "validate":
      return (await import("./validate-command.js")).runValidate(positionals, flags);
    case "init-tests":
      return (await import("./init-tests-command.js")).runInitTests(positionals, flags);
    case "url":
      return (await import("./url-command.js")).runUrl(positionals, flags);
  }
}

function usage(message: string, command = ""): number {
  const hint = command ? `ddbridge ${command} --help` : "ddbridge --help";
  process.stderr.write(`ddbridge: ${message}\nRun "${hint}" for usage.\n`);
  return 2;
}
