import { splitCmdline } from "@ddbridge/client";
import { parse } from "yaml";

/** Where a service's volume entry comes from. */
export type VolumeSpec =
  | { kind: "bind"; source: string; target: string; readOnly: boolean }
  | { kind: "volume"; name: string; target: string; readOnly: boolean }
  | { kind: "anonymous"; target: string };

/** One backend service, as the Engine API needs it. */
export interface ServiceSpec {
  name: string;
  image: string;
  command?: string[];
  entrypoint?: string[];
  environment: string[];
  volumes: VolumeSpec[];
  capAdd: string[];
  workingDir?: string;
  user?: string;
  labels: Record<string, string>;
  init: boolean;
  restart: string;
}

/** The backend of an extension: its services (the first is where VM commands run). */
export interface BackendSpec {
  services: ServiceSpec[];
  /** Named volumes the services use. */
  volumes: string[];
}

/** Service keys this subset applies; anything else is refused by name. */
const SERVICE_KEYS = new Set([
  "image",
  "command",
  "entrypoint",
  "environment",
  "volumes",
  "cap_add",
  "working_dir",
  "user",
  "labels",
  "init",
  "restart",
]);
const TOP_KEYS = new Set(["services", "volumes", "version", "name"]);
const RESTARTS = new Set(["no", "always", "unless-stopped", "on-failure"]);

/** The backend of `vm.image`: the compose file Docker Desktop generates for it. */
export function imageBackend(image: string): BackendSpec {
  return { services: [service("backend", { image }, image)], volumes: [] };
}

/**
 * Reads the subset of a compose file that extensions use (image, command,
 * entrypoint, environment, volumes, cap_add, working_dir, user, labels, init,
 * restart) and interpolates `${VAR}`, `${VAR:-default}` and `$$` from `vars`.
 * Any other key is an error that names it, so nothing is silently dropped.
 */
export function parseComposeFile(text: string, vars: Record<string, string>): BackendSpec {
  const doc: unknown = parse(text);
  if (!isRecord(doc)) throw new Error("the compose file must be a mapping");
  const unknownTop = Object.keys(doc).filter((k) => !TOP_KEYS.has(k));
  if (unknownTop.length) throw unsupported("top-level", unknownTop);
  const services = doc.services;
  if (!isRecord(services) || Object.keys(services).length === 0) {
    throw new Error("the compose file has no services");
  }
  const declared = isRecord(doc.volumes) ? Object.keys(doc.volumes) : [];
  const specs = Object.entries(services).map(([name, def]) => {
    if (!isRecord(def)) throw new Error(`service ${name} must be a mapping`);
    const unknown = Object.keys(def).filter((k) => !SERVICE_KEYS.has(k));
    if (unknown.length) throw unsupported(`service ${name}`, unknown);
    return service(
      name,
      interpolateAll(def, vars) as Record<string, unknown>,
      vars.DESKTOP_PLUGIN_IMAGE,
    );
  });
  const used = specs.flatMap((s) =>
    s.volumes.flatMap((v) => (v.kind === "volume" ? [v.name] : [])),
  );
  for (const v of used) {
    if (!declared.includes(v))
      throw new Error(`volume ${v} is used but not declared under volumes:`);
  }
  return { services: specs, volumes: [...new Set(used)] };
}

function service(name: string, def: Record<string, unknown>, fallbackImage?: string): ServiceSpec {
  const image = def.image ?? fallbackImage;
  if (typeof image !== "string" || image === "") throw new Error(`service ${name} has no image`);
  const restart = String(def.restart ?? "unless-stopped");
  if (!RESTARTS.has(restart.split(":")[0] ?? "")) {
    throw new Error(`service ${name}: restart must be no, always, unless-stopped or on-failure`);
  }
  return {
    name,
    image,
    ...(def.command !== undefined ? { command: words(def.command, `${name}.command`) } : {}),
    ...(def.entrypoint !== undefined
      ? { entrypoint: words(def.entrypoint, `${name}.entrypoint`) }
      : {}),
    environment: environment(def.environment, name),
    volumes: strings(def.volumes ?? [], `${name}.volumes`).map((v) => volume(v, name)),
    capAdd: strings(def.cap_add ?? [], `${name}.cap_add`),
    ...(typeof def.working_dir === "string" ? { workingDir: def.working_dir } : {}),
    ...(def.user !== undefined ? { user: String(def.user) } : {}),
    labels: labels(def.labels, name),
    // Backends are PID 1 of their container; an init reaps what exec'd commands leave.
    init: def.init === undefined ? true : def.init === true,
    restart,
  };
}

function volume(entry: string, service: string): VolumeSpec {
  const [source, target, mode, ...extra] = entry.split(":");
  if (extra.length || (mode !== undefined && mode !== "ro" && mode !== "rw")) {
    throw new Error(`service ${service}: volume ${entry} must be SOURCE:TARGET[:ro|rw]`);
  }
  if (target === undefined) {
    if (!source?.startsWith("/"))
      throw new Error(`service ${service}: volume ${entry} needs an absolute path`);
    return { kind: "anonymous", target: source };
  }
  if (!target.startsWith("/")) {
    throw new Error(`service ${service}: volume target ${target} must be an absolute path`);
  }
  const readOnly = mode === "ro";
  if (source?.startsWith("/")) return { kind: "bind", source, target, readOnly };
  if (source?.startsWith(".") || source?.startsWith("~")) {
    throw new Error(
      `service ${service}: relative bind ${entry} is not supported (the compose file lives in the image)`,
    );
  }
  if (!source || !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source)) {
    throw new Error(`service ${service}: bad volume name in ${entry}`);
  }
  return { kind: "volume", name: source, target, readOnly };
}

function words(value: unknown, where: string): string[] {
  if (typeof value === "string") return splitCmdline(value);
  return strings(value, where);
}

function strings(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) throw new Error(`${where} must be a list`);
  return value.map((v) => {
    if (typeof v === "object" && v !== null)
      throw new Error(`${where}: long syntax is not supported`);
    return String(v);
  });
}

function environment(value: unknown, service: string): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return strings(value, `${service}.environment`);
  if (isRecord(value)) {
    return Object.entries(value).map(([k, v]) => (v === null ? k : `${k}=${String(v)}`));
  }
  throw new Error(`service ${service}: environment must be a list or a mapping`);
}

function labels(value: unknown, service: string): Record<string, string> {
  if (value === undefined) return {};
  if (Array.isArray(value)) {
    return Object.fromEntries(
      strings(value, `${service}.labels`).map((l) => {
        const at = l.indexOf("=");
        return at < 0 ? [l, ""] : [l.slice(0, at), l.slice(at + 1)];
      }),
    );
  }
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  throw new Error(`service ${service}: labels must be a list or a mapping`);
}

/** Compose's interpolation of one string: `$$` is a dollar, `${X:-d}` a default. */
export function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(
    /\$(?:\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (match, braced?: string, op?: string, fallback?: string, bare?: string) => {
      if (match === "$$") return "$";
      const name = (braced ?? bare) as string;
      const value = vars[name];
      if (op === ":-") return value ? value : (fallback ?? "");
      if (op === "-") return value !== undefined ? value : (fallback ?? "");
      return value ?? "";
    },
  );
}

function interpolateAll(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === "string") return interpolate(value, vars);
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, vars));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, vars)]));
  }
  return value;
}

function unsupported(where: string, keys: string[]): Error {
  return new Error(
    `${where} key(s) ${keys.join(", ")} not supported by ddbridge's compose subset (see the README)`,
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
