import { parseArgs } from "node:util";
import { MetadataError } from "../metadata/metadata-error.js";
import { type CliFlags, type Command, parseOptions } from "./flags.js";
import { HELP } from "./help.js";
import { printable } from "./terminal-text.js";
import { UsageError } from "./usage-error.js";
import { version } from "./version.js";

// Only this file and help.ts load for `--help` and `--version`: each command's
// modules (and dockerode, undici, connect) load when that command runs.

/** Whether each command takes positional arguments. */
const POSITIONALS: Record<Command, boolean> = {
  serve: false,
  up: true,
  host: true,
  down: true,
  rm: true,
  update: true,
  ls: false,
  validate: true,
  url: true,
  "init-tests": true,
  exec: true,
};

/**
 * The options `parseArgs` takes for a command. `up` also parses the flags
 * it sets itself, to refuse them by name rather than as unknown.
 */
function optionsOf(command: Command) {
  return command === "up" || command === "host"
    ? { ...parseOptions("serve"), ...parseOptions("up") }
    : parseOptions(command);
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
  if (!Object.hasOwn(POSITIONALS, command))
    return usage(`unknown command ${JSON.stringify(command)}`);
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      // exec's own flags end at its command: what follows is the command's (`sh -c ...`).
      args: command === "exec" ? endFlagsAtCommand(rest, parseOptions("exec")) : rest,
      options: optionsOf(command as Command),
      strict: true,
      allowPositionals: POSITIONALS[command as Command],
    }));
  } catch (err) {
    return usage((err as Error).message, command);
  }
  if (values.help) {
    process.stdout.write(HELP[command]!);
    return 0;
  }
  try {
    return await run(command as Command, values as CliFlags, positionals);
  } catch (err) {
    const e = err as Error;
    process.stderr.write(`ddbridge ${command}: ${printable(e.message, { keepNewlines: true })}\n`);
    return e instanceof UsageError || e instanceof MetadataError ? 2 : 1;
  }
}

async function run(command: Command, flags: CliFlags, positionals: string[]): Promise<number> {
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
    case "host": {
      const [{ runHost }, { untilSignal }] = await Promise.all([
        import("./host-command.js"),
        import("./serve-command.js"),
      ]);
      return runHost(positionals, flags, untilSignal);
    }
    case "down":
      return (await import("./down-command.js")).runDown(positionals, flags);
    case "rm":
      return (await import("./host-change-commands.js")).runRm(positionals, flags);
    case "update":
      return (await import("./host-change-commands.js")).runUpdate(positionals, flags);
    case "ls":
      return (await import("./ls-command.js")).runLs(flags);
    case "validate":
      return (await import("./validate-command.js")).runValidate(positionals, flags);
    case "init-tests":
      return (await import("./init-tests-command.js")).runInitTests(positionals, flags);
    case "url":
      return (await import("./url-command.js")).runUrl(positionals, flags);
    case "exec":
      return (await import("./exec-command.js")).runExec(positionals, flags);
  }
}

/** `args` with a `--` put before the first word that is not one of `options` (or its value). */
function endFlagsAtCommand(
  args: string[],
  options: Record<string, { type: "string" | "boolean"; short?: string }>,
): string[] {
  const takesValue = (arg: string) => {
    if (arg.includes("=")) return false;
    if (arg.startsWith("--")) return options[arg.slice(2)]?.type === "string";
    // -it, -w DIR: only the last letter of a short group can take a value.
    const last = arg.at(-1);
    return Object.values(options).some((o) => o.short === last && o.type === "string");
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") return args;
    if (!arg.startsWith("-") || arg === "-") return [...args.slice(0, i), "--", ...args.slice(i)];
    if (takesValue(arg)) i++;
  }
  return args;
}

function usage(message: string, command = ""): number {
  const hint = command ? `ddbridge ${command} --help` : "ddbridge --help";
  process.stderr.write(`ddbridge: ${message}\nRun "${hint}" for usage.\n`);
  return 2;
}
