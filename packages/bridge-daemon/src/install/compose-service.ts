import { splitCmdline } from "@ddbridge/proto";
import { isRecord, refuseUnknownKeys } from "./compose-keys.js";
import { type PortSpec, parsePorts } from "./compose-ports.js";
import { parseVolume, type VolumeSpec } from "./compose-volumes.js";

/** When a service may start, by the state of one it depends on. */
export type DependsCondition =
  | "service_started"
  | "service_healthy"
  | "service_completed_successfully";

/** A compose healthcheck, in the Engine API's units (nanoseconds). */
export interface HealthSpec {
  test: string[];
  intervalNs?: number;
  timeoutNs?: number;
  startPeriodNs?: number;
  retries?: number;
}

/** One backend service, as the Engine API needs it. */
export interface ServiceSpec {
  name: string;
  image: string;
  pullPolicy: "missing" | "always" | "never";
  command?: string[];
  entrypoint?: string[];
  environment: string[];
  /** `env_file` paths, relative to the compose file in the image; read by `up`. */
  envFiles: string[];
  volumes: VolumeSpec[];
  ports: PortSpec[];
  expose: string[];
  capAdd: string[];
  capDrop: string[];
  privileged: boolean;
  devices: string[];
  securityOpt: string[];
  workingDir?: string;
  user?: string;
  labels: Record<string, string>;
  init: boolean;
  restart: string;
  containerName?: string;
  hostname?: string;
  dependsOn: Array<{ service: string; condition: DependsCondition }>;
  healthcheck?: HealthSpec;
  /** Networks of the project this service joins, with extra aliases. */
  networks: Array<{ name: string; aliases: string[] }>;
  /** `network_mode`: "host", "none", "bridge" or "service:NAME". */
  networkMode?: string;
  extraHosts: string[];
  readOnly: boolean;
  tmpfs: string[];
  ulimits: Array<{ Name: string; Soft: number; Hard: number }>;
  pidsLimit?: number;
  shmSize?: number;
  /** `mem_limit` or `deploy.resources.limits.memory`, in bytes. */
  memoryLimit?: number;
  /** `mem_reservation` or `deploy.resources.reservations.memory`, in bytes. */
  memoryReservation?: number;
  /** `cpus` or `deploy.resources.limits.cpus`, in billionths of a CPU. */
  nanoCpus?: number;
  /** `platform`: the image variant to pull and run, such as linux/amd64. */
  platform?: string;
  logging?: { driver: string; options: Record<string, string> };
  stopSignal?: string;
  stopGraceSeconds?: number;
  tty: boolean;
  stdinOpen: boolean;
}

/**
 * The service keys ddbridge applies. Anything else is refused by name, so
 * nothing an extension relies on is silently dropped. `build` is accepted
 * and ignored when an `image` is given (the image is what Desktop runs).
 */
export const SERVICE_KEYS = new Set([
  "image",
  "build",
  "pull_policy",
  "command",
  "entrypoint",
  "environment",
  "env_file",
  "volumes",
  "ports",
  "expose",
  "cap_add",
  "cap_drop",
  "privileged",
  "devices",
  "security_opt",
  "working_dir",
  "user",
  "labels",
  "init",
  "restart",
  "container_name",
  "hostname",
  "depends_on",
  "healthcheck",
  "networks",
  "network_mode",
  "extra_hosts",
  "read_only",
  "tmpfs",
  "ulimits",
  "pids_limit",
  "shm_size",
  "mem_limit",
  "mem_reservation",
  "cpus",
  "deploy",
  "platform",
  "logging",
  "stop_signal",
  "stop_grace_period",
  "tty",
  "stdin_open",
]);

const RESTARTS = new Set(["no", "always", "unless-stopped", "on-failure"]);
const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Reads one service's (already interpolated) definition. */
export function parseService(
  name: string,
  def: Record<string, unknown>,
  fallbackImage: string | undefined,
): ServiceSpec {
  const at = (key: string) => `service ${name}: ${key}`;
  refuseUnknownKeys(def, SERVICE_KEYS, `service ${name}`);
  const image = def.image ?? fallbackImage;
  if (typeof image !== "string" || image === "") {
    throw new Error(`service ${name} has no image${def.build ? " (ddbridge does not build)" : ""}`);
  }
  const restart = String(def.restart ?? "unless-stopped");
  if (!RESTARTS.has(restart.split(":")[0] ?? "")) {
    throw new Error(`${at("restart")} must be no, always, unless-stopped or on-failure[:N]`);
  }
  const containerName = optionalString(def.container_name, at("container_name"));
  if (containerName !== undefined && !CONTAINER_NAME.test(containerName)) {
    throw new Error(`${at("container_name")} ${JSON.stringify(containerName)} is not a valid name`);
  }
  const networkMode = optionalString(def.network_mode, at("network_mode"));
  if (
    networkMode !== undefined &&
    !/^(host|none|bridge|service:[A-Za-z0-9_.-]+)$/.test(networkMode)
  ) {
    throw new Error(`${at("network_mode")} must be host, none, bridge or service:NAME`);
  }
  if (networkMode !== undefined && def.networks !== undefined) {
    throw new Error(`service ${name}: network_mode and networks cannot both be set`);
  }
  return {
    name,
    image,
    pullPolicy: pullPolicy(def.pull_policy, at("pull_policy")),
    ...(def.command !== undefined && def.command !== null
      ? { command: words(def.command, at("command")) }
      : {}),
    ...(def.entrypoint !== undefined && def.entrypoint !== null
      ? { entrypoint: words(def.entrypoint, at("entrypoint")) }
      : {}),
    environment: environment(def.environment, at("environment")),
    envFiles: envFiles(def.env_file, at("env_file")),
    volumes: list(def.volumes, at("volumes")).map((v) => parseVolume(v, at("volumes"))),
    ports: parsePorts(def.ports, at("ports")),
    expose: strings(def.expose, at("expose")).map((e) => exposed(e, at("expose"))),
    capAdd: strings(def.cap_add, at("cap_add")),
    capDrop: strings(def.cap_drop, at("cap_drop")),
    privileged: bool(def.privileged, at("privileged")),
    devices: strings(def.devices, at("devices")),
    securityOpt: strings(def.security_opt, at("security_opt")),
    ...(def.working_dir !== undefined ? { workingDir: String(def.working_dir) } : {}),
    ...(def.user !== undefined ? { user: String(def.user) } : {}),
    labels: mapping(def.labels, at("labels"), "="),
    // Backends are PID 1 of their container; an init reaps what exec'd commands leave.
    init: def.init === undefined ? true : bool(def.init, at("init")),
    restart,
    ...(containerName !== undefined ? { containerName } : {}),
    ...(def.hostname !== undefined ? { hostname: String(def.hostname) } : {}),
    dependsOn: dependsOn(def.depends_on, at("depends_on")),
    ...healthcheck(def.healthcheck, at("healthcheck")),
    networks: networks(def.networks, at("networks")),
    ...(networkMode !== undefined ? { networkMode } : {}),
    extraHosts: extraHosts(def.extra_hosts, at("extra_hosts")),
    readOnly: bool(def.read_only, at("read_only")),
    tmpfs: typeof def.tmpfs === "string" ? [def.tmpfs] : strings(def.tmpfs, at("tmpfs")),
    ulimits: ulimits(def.ulimits, at("ulimits")),
    ...(def.pids_limit !== undefined
      ? { pidsLimit: integer(def.pids_limit, at("pids_limit")) }
      : {}),
    ...(def.shm_size !== undefined ? { shmSize: bytes(def.shm_size, at("shm_size")) } : {}),
    ...resources(def, at),
    ...(def.platform !== undefined ? { platform: platform(def.platform, at("platform")) } : {}),
    ...logging(def.logging, at("logging")),
    ...(def.stop_signal !== undefined ? { stopSignal: String(def.stop_signal) } : {}),
    ...(def.stop_grace_period !== undefined
      ? {
          stopGraceSeconds: Math.ceil(
            durationNs(def.stop_grace_period, at("stop_grace_period")) / 1e9,
          ),
        }
      : {}),
    tty: bool(def.tty, at("tty")),
    stdinOpen: bool(def.stdin_open, at("stdin_open")),
  };
}

const DEPLOY_KEYS = new Set(["resources"]);
const RESOURCE_KEYS = new Set(["limits", "reservations"]);
const LIMIT_KEYS = new Set(["cpus", "memory", "pids"]);
const RESERVATION_KEYS = new Set(["cpus", "memory"]);

/**
 * Resource limits as `docker compose` applies them to one container: the
 * service keys `mem_limit`, `mem_reservation` and `cpus`, and `deploy.resources`
 * (which wins where both are set). A CPU reservation has no counterpart on a
 * single container and is read but not applied. Any other `deploy` key
 * (replicas, placement, GPUs) is refused by name: it needs an orchestrator.
 */
function resources(
  def: Record<string, unknown>,
  at: (key: string) => string,
): Pick<ServiceSpec, "memoryLimit" | "memoryReservation" | "nanoCpus" | "pidsLimit"> {
  const deploy = def.deploy ?? {};
  if (!isRecord(deploy)) throw new Error(`${at("deploy")} must be a mapping`);
  refuseUnknownKeys(deploy, DEPLOY_KEYS, at("deploy"));
  const res = deploy.resources ?? {};
  if (!isRecord(res)) throw new Error(`${at("deploy.resources")} must be a mapping`);
  refuseUnknownKeys(res, RESOURCE_KEYS, at("deploy.resources"));
  const limits = res.limits ?? {};
  const reservations = res.reservations ?? {};
  if (!isRecord(limits)) throw new Error(`${at("deploy.resources.limits")} must be a mapping`);
  if (!isRecord(reservations)) {
    throw new Error(`${at("deploy.resources.reservations")} must be a mapping`);
  }
  refuseUnknownKeys(limits, LIMIT_KEYS, at("deploy.resources.limits"));
  refuseUnknownKeys(reservations, RESERVATION_KEYS, at("deploy.resources.reservations"));
  if (reservations.cpus !== undefined)
    cpus(reservations.cpus, at("deploy.resources.reservations.cpus"));
  const memory = limits.memory ?? def.mem_limit;
  const reserved = reservations.memory ?? def.mem_reservation;
  const cpuLimit = limits.cpus ?? def.cpus;
  return {
    ...(memory !== undefined ? { memoryLimit: bytes(memory, at("memory limit")) } : {}),
    ...(reserved !== undefined
      ? { memoryReservation: bytes(reserved, at("memory reservation")) }
      : {}),
    ...(cpuLimit !== undefined ? { nanoCpus: cpus(cpuLimit, at("cpus")) } : {}),
    ...(limits.pids !== undefined
      ? { pidsLimit: integer(limits.pids, at("deploy.resources.limits.pids")) }
      : {}),
  };
}

/** A CPU count such as 0.5 or "1.5", in billionths of a CPU as the Engine API takes it. */
function cpus(value: unknown, where: string): number {
  const n = typeof value === "number" ? value : Number(String(value));
  if (!Number.isFinite(n) || n < 0 || String(value).trim() === "") {
    throw new Error(`${where}: ${JSON.stringify(value)} is not a number of CPUs such as 0.5`);
  }
  return Math.round(n * 1e9);
}

function platform(value: unknown, where: string): string {
  const text = String(value);
  if (!/^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_.]+)?$/.test(text)) {
    throw new Error(
      `${where}: ${JSON.stringify(value)} is not OS/ARCH[/VARIANT] such as linux/amd64`,
    );
  }
  return text;
}

/**
 * An `expose` entry as `PORT[-PORT]/PROTO`. Published extensions write
 * `HOST:CONTAINER` here too; only the container side is exposed.
 */
function exposed(entry: string, where: string): string {
  const m = /^(?:\d+:)?(\d+(?:-\d+)?)(\/(?:tcp|udp|sctp))?$/.exec(entry.trim());
  if (!m) throw new Error(`${where}: ${JSON.stringify(entry)} is not PORT[/PROTO]`);
  return `${m[1]}${m[2] ?? "/tcp"}`;
}

function pullPolicy(value: unknown, where: string): ServiceSpec["pullPolicy"] {
  if (value === undefined || value === "missing" || value === "if_not_present") return "missing";
  if (value === "always" || value === "never") return value;
  throw new Error(`${where} must be always, missing or never (ddbridge does not build)`);
}

function words(value: unknown, where: string): string[] {
  if (typeof value === "string") {
    try {
      return splitCmdline(value);
    } catch (err) {
      throw new Error(`${where}: ${(err as Error).message}`);
    }
  }
  return strings(value, where);
}

function list(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${where} must be a list`);
  return value;
}

function strings(value: unknown, where: string): string[] {
  return list(value, where).map((v) => {
    if (typeof v === "object" && v !== null)
      throw new Error(`${where}: expected a string, got a mapping`);
    return String(v);
  });
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object") throw new Error(`${where} must be a string`);
  return String(value);
}

function bool(value: unknown, where: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  throw new Error(`${where} must be true or false`);
}

function integer(value: unknown, where: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`${where} must be an integer`);
  return n;
}

function environment(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return strings(value, where);
  if (isRecord(value)) {
    return Object.entries(value).map(([k, v]) => (v === null ? k : `${k}=${String(v)}`));
  }
  throw new Error(`${where} must be a list or a mapping`);
}

function envFiles(value: unknown, where: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [value];
  return list(value, where).map((v) => {
    if (typeof v === "string") return v;
    if (isRecord(v) && typeof v.path === "string") return v.path;
    throw new Error(`${where}: an entry must be a path`);
  });
}

/** A list of `K=V` (or `K:V`) strings, or a mapping. */
function mapping(value: unknown, where: string, sep: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (Array.isArray(value)) {
    return Object.fromEntries(
      strings(value, where).map((l) => {
        const at = l.indexOf(sep);
        return at < 0 ? [l, ""] : [l.slice(0, at), l.slice(at + 1)];
      }),
    );
  }
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, v === null ? "" : String(v)]),
    );
  }
  throw new Error(`${where} must be a list or a mapping`);
}

function dependsOn(value: unknown, where: string): ServiceSpec["dependsOn"] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) {
    return strings(value, where).map((service) => ({ service, condition: "service_started" }));
  }
  if (!isRecord(value)) throw new Error(`${where} must be a list or a mapping`);
  return Object.entries(value).map(([service, spec]) => {
    const condition = isRecord(spec) ? (spec.condition ?? "service_started") : "service_started";
    if (
      condition !== "service_started" &&
      condition !== "service_healthy" &&
      condition !== "service_completed_successfully"
    ) {
      throw new Error(
        `${where}.${service}.condition ${JSON.stringify(condition)} is not a compose condition`,
      );
    }
    return { service, condition };
  });
}

function healthcheck(value: unknown, where: string): { healthcheck?: HealthSpec } {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new Error(`${where} must be a mapping`);
  if (value.disable === true) return { healthcheck: { test: ["NONE"] } };
  const t = value.test;
  const test =
    typeof t === "string"
      ? ["CMD-SHELL", t]
      : Array.isArray(t)
        ? strings(t, `${where}.test`)
        : undefined;
  if (!test || !["CMD", "CMD-SHELL", "NONE"].includes(test[0] ?? "")) {
    throw new Error(
      `${where}.test must be a string or a list starting with CMD, CMD-SHELL or NONE`,
    );
  }
  const ns = (key: string) =>
    value[key] === undefined ? undefined : durationNs(value[key], `${where}.${key}`);
  const interval = ns("interval");
  const timeout = ns("timeout");
  const startPeriod = ns("start_period");
  return {
    healthcheck: {
      test,
      ...(interval !== undefined ? { intervalNs: interval } : {}),
      ...(timeout !== undefined ? { timeoutNs: timeout } : {}),
      ...(startPeriod !== undefined ? { startPeriodNs: startPeriod } : {}),
      ...(value.retries !== undefined
        ? { retries: integer(value.retries, `${where}.retries`) }
        : {}),
    },
  };
}

function networks(value: unknown, where: string): ServiceSpec["networks"] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return strings(value, where).map((name) => ({ name, aliases: [] }));
  if (!isRecord(value)) throw new Error(`${where} must be a list or a mapping`);
  return Object.entries(value).map(([name, spec]) => ({
    name,
    aliases: isRecord(spec) ? strings(spec.aliases, `${where}.${name}.aliases`) : [],
  }));
}

function extraHosts(value: unknown, where: string): string[] {
  if (isRecord(value)) return Object.entries(value).map(([host, ip]) => `${host}:${String(ip)}`);
  // Compose accepts HOST=IP as well as Docker's HOST:IP.
  return strings(value, where).map((e) => (/^[^:=]+=/.test(e) ? e.replace("=", ":") : e));
}

function ulimits(value: unknown, where: string): ServiceSpec["ulimits"] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) throw new Error(`${where} must be a mapping`);
  return Object.entries(value).map(([Name, limit]) => {
    if (isRecord(limit)) {
      return {
        Name,
        Soft: integer(limit.soft, `${where}.${Name}.soft`),
        Hard: integer(limit.hard, `${where}.${Name}.hard`),
      };
    }
    const n = integer(limit, `${where}.${Name}`);
    return { Name, Soft: n, Hard: n };
  });
}

function logging(value: unknown, where: string): Pick<ServiceSpec, "logging"> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new Error(`${where} must be a mapping`);
  return {
    logging: {
      driver: String(value.driver ?? "json-file"),
      options: mapping(value.options, `${where}.options`, "="),
    },
  };
}

/** A compose duration (`1m30s`, `10s`, `500ms`, a bare number of seconds) in nanoseconds. */
export function durationNs(value: unknown, where: string): number {
  if (typeof value === "number") return value * 1e9;
  const text = String(value);
  const units: Record<string, number> = { h: 3600e9, m: 60e9, s: 1e9, ms: 1e6, us: 1e3, ns: 1 };
  let total = 0;
  let rest = text;
  while (rest) {
    const m = /^(\d+(?:\.\d+)?)(h|ms|m|s|us|ns)/.exec(rest);
    if (!m)
      throw new Error(`${where}: ${JSON.stringify(text)} is not a duration such as 10s or 1m30s`);
    total += Number(m[1]) * (units[m[2] as string] as number);
    rest = rest.slice(m[0].length);
  }
  if (!text) throw new Error(`${where} is empty`);
  return Math.round(total);
}

function bytes(value: unknown, where: string): number {
  if (typeof value === "number") return value;
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(String(value));
  if (!m) throw new Error(`${where}: ${JSON.stringify(value)} is not a size such as 64m`);
  const scale = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[
    (m[2] ?? "").toLowerCase()
  ] as number;
  return Math.round(Number(m[1]) * scale);
}
