import { DAEMON_DEFAULTS } from "../server/daemon-config.js";
import { formatBytes, formatDuration } from "./units.js";

/** The commands that take flags. */
export type Command =
  | "serve"
  | "up"
  | "host"
  | "down"
  | "rm"
  | "update"
  | "ls"
  | "validate"
  | "url"
  | "init-tests"
  | "exec";

/**
 * One command-line flag, declared once: `parseArgs` options, `CliFlags`,
 * the help text and the defaults all come from {@link FLAGS}.
 */
export interface FlagSpec {
  readonly name: string;
  readonly type: "string" | "boolean";
  readonly multiple?: boolean;
  readonly short?: string;
  /** The value's placeholder in help (`DIR`, `TIME`). */
  readonly value?: string;
  /** The value used when the flag is absent; help shows it where a line says `{default}`. */
  readonly default?: string;
  /** Help lines, without the flag column. */
  readonly help: readonly string[];
  readonly commands: readonly Command[];
}

const SERVING = ["serve", "up"] as const;
const ENGINE_USERS = ["serve", "up", "down", "rm", "ls", "validate"] as const;

/** Every flag of every command, in the order help lists them. */
export const FLAGS = [
  {
    name: "extension",
    type: "string",
    value: "DIR",
    default: ".",
    help: ["extension folder with metadata.json (default: {default})"],
    commands: ["serve"],
  },
  {
    name: "listen",
    type: "string",
    value: "HOST:PORT",
    default: "127.0.0.1:7799",
    help: [
      "TCP address for gRPC, gRPC-Web, Connect and the UI",
      '(default: {default}; HOST:0 picks a free port; "none": no TCP)',
    ],
    commands: SERVING,
  },
  {
    name: "unix",
    type: "string",
    value: "PATH",
    help: ["also listen on a unix socket (mode 0600)"],
    commands: SERVING,
  },
  {
    name: "ready-file",
    type: "string",
    value: "PATH",
    help: [
      "once listening, write one JSON line to PATH: {url, unix, pid, version}",
      "(written whole by a rename: wait for the file, then read it)",
    ],
    commands: SERVING,
  },
  {
    name: "socket",
    type: "string",
    value: "PATH",
    help: ["the backend's socket (default: vm.exposes.socket under --guest-services)"],
    commands: ["serve"],
  },
  {
    name: "guest-services",
    type: "string",
    value: "DIR",
    help: ["where backend sockets live (default: ~/.ddbridge/guest-services)"],
    commands: ["serve"],
  },
  {
    name: "host-bin",
    type: "string",
    value: "DIR",
    help: [
      "run host binaries from DIR instead of metadata.json's host.binaries",
      "for this platform (taken under the extension folder)",
    ],
    commands: ["serve"],
  },
  {
    name: "vm-workdir",
    type: "string",
    value: "DIR",
    help: ["working directory of VM commands, local runner (default: DIR)"],
    commands: ["serve"],
  },
  {
    name: "image",
    type: "string",
    value: "NAME",
    help: ["the extension's image (ddClient.extension.image)"],
    commands: ["serve"],
  },
  {
    name: "ui",
    type: "string",
    value: "DIR",
    help: [
      "serve this folder's index.html at / instead of the",
      'extension\'s ui["dashboard-tab"]',
    ],
    commands: SERVING,
  },
  {
    name: "ui-source",
    type: "string",
    value: "URL",
    help: [
      "take the UI from a running dev server (Vite, webpack...): every page",
      "request is proxied to URL, HTML gets the shim, WebSockets (HMR) pass",
    ],
    commands: SERVING,
  },
  {
    name: "open",
    type: "boolean",
    help: ["open the UI in the default browser"],
    commands: SERVING,
  },
  {
    name: "token-file",
    type: "string",
    value: "PATH",
    help: [
      "bearer token file; created (0600) with a new token if",
      "missing (default: ~/.ddbridge/token). DDBRIDGE_TOKEN wins;",
      "a token must have at least 32 characters.",
    ],
    commands: [...SERVING, "url"],
  },
  {
    name: "log-level",
    type: "string",
    value: "LEVEL",
    default: DAEMON_DEFAULTS.logLevel,
    help: ["debug, info, warn, error or silent (default: {default})"],
    commands: SERVING,
  },
  {
    name: "max-body",
    type: "string",
    value: "SIZE",
    default: formatBytes(DAEMON_DEFAULTS.maxBodyBytes),
    help: ["largest unary HTTP body (default: {default})"],
    commands: SERVING,
  },
  {
    name: "http-timeout",
    type: "string",
    value: "TIME",
    default: formatDuration(DAEMON_DEFAULTS.httpTimeoutMs),
    help: ["backend response timeout (default: {default})"],
    commands: SERVING,
  },
  {
    name: "kill-grace",
    type: "string",
    value: "TIME",
    default: formatDuration(DAEMON_DEFAULTS.killGraceMs),
    help: ["SIGTERM to SIGKILL delay for cancelled commands (default: {default})"],
    commands: SERVING,
  },
  {
    name: "allow-origin",
    type: "string",
    multiple: true,
    value: "ORIGIN",
    help: ["let pages of ORIGIN call the daemon cross-origin; repeatable"],
    commands: SERVING,
  },
  {
    name: "allow-host",
    type: "string",
    multiple: true,
    value: "NAME",
    help: [
      "also answer to Host NAME (besides IP addresses and",
      "localhost; DNS names are refused against DNS rebinding); repeatable",
    ],
    commands: SERVING,
  },
  {
    name: "vm-container",
    type: "string",
    value: "NAME",
    help: ["run VM commands in this container (Engine API exec)", "instead of the local runner"],
    commands: ["serve"],
  },
  {
    name: "docker-host",
    type: "string",
    value: "URL",
    help: [
      "the engine for containers and ddClient.docker.*: unix://, tcp://",
      "(DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) or ssh://user@host (the agent or",
      "a key of ~/.ssh; known_hosts) (default: DOCKER_HOST, else the docker",
      "CLI's current context, else unix:///var/run/docker.sock)",
    ],
    commands: ENGINE_USERS,
  },
  {
    name: "context",
    type: "string",
    value: "NAME",
    help: [
      "the docker context whose engine to use, as docker --context",
      "(default: DOCKER_HOST, else DOCKER_CONTEXT, else the current context)",
    ],
    commands: ENGINE_USERS,
  },
  {
    name: "docker-cli",
    type: "string",
    value: "PATH",
    default: "docker",
    help: ["the docker CLI behind ddClient.docker.cli.exec (default: {default})"],
    commands: SERVING,
  },
  {
    name: "no-docker",
    type: "boolean",
    help: ["turn ddClient.docker.* off"],
    commands: ["serve"],
  },
  {
    name: "no-fast-path",
    type: "boolean",
    help: [
      "serve every call with connect-node, not only those the",
      "hot path does not take (for comparing the two)",
    ],
    commands: SERVING,
  },
  {
    name: "network",
    type: "string",
    value: "MODE",
    help: [
      "put every backend container in this network mode (none, bridge,",
      "host) instead of the compose file's networks (default: a network",
      "of the extension's own, services reach each other by name)",
    ],
    commands: ["up"],
  },
  {
    name: "publish-ip",
    type: "string",
    value: "IP",
    default: "127.0.0.1",
    help: [
      "the host address the compose file's ports are published on",
      "(default: {default}; a loopback address the file names is kept)",
    ],
    commands: ["up"],
  },
  {
    name: "env",
    type: "string",
    short: "e",
    multiple: true,
    value: "NAME[=VALUE]",
    help: [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's own syntax, shown as such
      "fill ${NAME} in the compose file (NAME alone: from this",
      "environment); repeatable. Nothing else is filled in but",
      "DESKTOP_PLUGIN_IMAGE",
    ],
    commands: ["up"],
  },
  {
    name: "wait",
    type: "string",
    value: "TIME",
    default: "60s",
    help: ["how long the backend may take to open its socket (default: {default})"],
    commands: ["up"],
  },
  {
    name: "max-copy",
    type: "string",
    value: "SIZE",
    default: "2GiB",
    help: [
      "the most up copies out of the image, UI and host binaries",
      "together (default: {default}); more is refused",
    ],
    commands: ["up"],
  },
  {
    name: "yes",
    type: "boolean",
    help: [
      "allow the privileges the extension asks for (host folders and",
      "devices, the engine's socket, privileged mode, capabilities,",
      "published ports, fixed container names, external volumes and",
      "networks, unset variables);",
      "without it up asks at a terminal, and refuses elsewhere",
    ],
    commands: ["up", "update"],
  },
  {
    name: "all",
    type: "boolean",
    help: ["every extension up installed"],
    commands: ["down"],
  },
  {
    name: "volumes",
    type: "boolean",
    help: ["remove the extension's named volumes too"],
    commands: ["down", "rm"],
  },
  {
    name: "json",
    type: "boolean",
    help: ["one JSON array instead of a table"],
    commands: ["ls"],
  },
  {
    name: "ci",
    type: "string",
    value: "LIST",
    default: "github",
    help: ["github, gitlab or none, comma-separated (default: {default})"],
    commands: ["init-tests"],
  },
  {
    name: "force",
    type: "boolean",
    help: ["replace the files that exist"],
    commands: ["init-tests"],
  },
  {
    name: "interactive",
    type: "boolean",
    short: "i",
    help: ["keep stdin open: what you type (or pipe in) reaches the command"],
    commands: ["exec"],
  },
  {
    name: "tty",
    type: "boolean",
    short: "t",
    help: ["run the command in a terminal (raw mode here, resizes followed)"],
    commands: ["exec"],
  },
  {
    name: "host",
    type: "boolean",
    help: ["run a host binary the extension ships (default: in its backend)"],
    commands: ["exec"],
  },
  {
    name: "docker",
    type: "boolean",
    help: ["run the daemon's docker CLI (CMD is its first argument: ps, logs...)"],
    commands: ["exec"],
  },
  {
    name: "container",
    type: "string",
    value: "NAME",
    help: ["run in container NAME of the daemon's engine (its docker exec)"],
    commands: ["exec"],
  },
  {
    name: "workdir",
    type: "string",
    short: "w",
    value: "DIR",
    help: ["working directory of the command"],
    commands: ["exec"],
  },
  {
    name: "env",
    type: "string",
    short: "e",
    multiple: true,
    value: "NAME=VALUE",
    help: ["set a variable for the command (repeatable)"],
    commands: ["exec"],
  },
  {
    name: "url",
    type: "string",
    value: "URL",
    default: "http://127.0.0.1:7799",
    help: ["the daemon (default: DDBRIDGE_URL, else {default};", "ddbridge ls shows each up's)"],
    commands: ["exec"],
  },
  {
    name: "token-file",
    type: "string",
    value: "PATH",
    help: ["the daemon's token file (default: ~/.ddbridge/token); DDBRIDGE_TOKEN wins"],
    commands: ["exec"],
  },
  {
    name: "socket-path",
    type: "string",
    value: "PATH",
    help: ["reach the daemon on its unix socket (serve --unix) instead"],
    commands: ["exec"],
  },
] as const satisfies readonly FlagSpec[];

type Flag = (typeof FLAGS)[number];
type FlagName = Flag["name"];
type ValueOf<F> = F extends { type: "boolean" }
  ? boolean
  : F extends { multiple: true }
    ? string[]
    : string;

/** Flags as `parseArgs` returns them, keyed by name: every command's flags are a subset. */
export type CliFlags = { [F in Flag as F["name"]]?: ValueOf<F> };

/** The flags a command takes (`host` takes up's: it is `up` of several). */
export function flagsOf(command: Command): readonly FlagSpec[] {
  const as = command === "host" ? "up" : command;
  return FLAGS.filter((f) => (f.commands as readonly Command[]).includes(as));
}

/** The flags of serve that up takes from the install instead. */
export const SET_BY_UP: readonly FlagSpec[] = flagsOf("serve").filter(
  (f) => !(f.commands as readonly Command[]).includes("up"),
);

/** One `parseArgs` option. */
type ParseOption = Pick<FlagSpec, "type" | "multiple" | "short">;

/** `parseArgs` options for a command (plus `--help`). */
export function parseOptions(command: Command): Record<string, ParseOption> {
  const options: Record<
    string,
    { type: "string" | "boolean"; multiple?: boolean; short?: string }
  > = { help: { type: "boolean", short: "h" } };
  for (const f of flagsOf(command)) {
    options[f.name] = {
      type: f.type,
      ...(f.multiple ? { multiple: true } : {}),
      ...(f.short ? { short: f.short } : {}),
    };
  }
  return options;
}

/** A flag's default, as the command line would spell it. */
export function flagDefault(name: FlagName): string | undefined {
  const flag: FlagSpec | undefined = FLAGS.find((f) => f.name === name);
  return flag?.default;
}

/** The flags with every absent one that has a default filled in. */
export function withDefaults<T extends CliFlags>(flags: T): T {
  const filled: Record<string, unknown> = { ...flags };
  for (const f of FLAGS as readonly FlagSpec[]) {
    if (f.default !== undefined && filled[f.name] === undefined) filled[f.name] = f.default;
  }
  return filled as T;
}

/** The help lines of some flags: a 25-column flag label, then the help, aligned. */
export function flagHelp(flags: readonly FlagSpec[]): string {
  const indent = " ".repeat(25);
  return flags
    .map((f) => {
      const label = `${f.short ? `-${f.short}, ` : ""}--${f.name}${f.value ? ` ${f.value}` : ""}`;
      const lines = f.help.map((line) => line.replace("{default}", f.default ?? ""));
      const first = `  ${label.padEnd(22)} ${lines[0]}`;
      return [first, ...lines.slice(1).map((l) => indent + l)].join("\n");
    })
    .map((block) => `${block}\n`)
    .join("");
}
