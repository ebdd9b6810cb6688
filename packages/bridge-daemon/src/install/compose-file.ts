import { parse } from "yaml";
import { type Interpolation, interpolateAll } from "./compose-interpolate.js";
import { isRecord, refuseUnknownKeys } from "./compose-keys.js";
import { parseService, type ServiceSpec } from "./compose-service.js";
import { startOrder } from "./start-order.js";

export type { PortSpec } from "./compose-ports.js";
export type { DependsCondition, HealthSpec, ServiceSpec } from "./compose-service.js";
export type { VolumeSpec } from "./compose-volumes.js";

/** A top-level named volume or network, and what `up` does with it. */
export interface ProjectResource {
  /** The key services use. */
  key: string;
  /** The engine's name: `name:` if given, else prefixed with the project by `up`. */
  name?: string;
  /** `external: true`: must exist; never created or removed. */
  external: boolean;
}

/** The backend of an extension: its services in start order, and what they share. */
export interface BackendSpec {
  /** Services in an order that starts each after those it depends on. */
  services: ServiceSpec[];
  /** The service VM commands run in: the first using the extension's image, else the first. */
  vmService: string;
  volumes: ProjectResource[];
  /** Networks the services join; "default" when a service names none. */
  networks: ProjectResource[];
  /** Variables the file reads that were not passed, and had no default: left empty. */
  unsetVariables: string[];
}

const TOP_KEYS = new Set(["services", "volumes", "networks", "version", "name"]);
const RESOURCE_KEYS = new Set(["name", "external", "driver", "labels", "driver_opts"]);

/** The backend of `vm.image`: the compose file Docker Desktop generates for it. */
export function imageBackend(image: string): BackendSpec {
  return {
    services: [parseService("backend", { image }, image)],
    vmService: "backend",
    volumes: [],
    networks: [{ key: "default", external: false }],
    unsetVariables: [],
  };
}

/**
 * Reads a compose file as Docker Desktop's Compose would run it, for the keys
 * extensions use (docs/cli.md lists them), after interpolating `${…}` from
 * `vars` only: the extension's image and what the user passed, never the
 * whole host environment. Any other key is an error that names it.
 */
export function parseComposeFile(text: string, vars: Record<string, string>): BackendSpec {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new Error(`the compose file is not valid YAML: ${(err as Error).message}`);
  }
  if (!isRecord(doc)) throw new Error("the compose file must be a mapping");
  refuseUnknownKeys(doc, TOP_KEYS, "top-level");
  const found: Interpolation = { unset: new Set() };
  const services = interpolateAll(doc.services, vars, found);
  if (!isRecord(services) || Object.keys(services).length === 0) {
    throw new Error("the compose file has no services");
  }
  const specs = Object.entries(services).map(([name, def]) => {
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name))
      throw new Error(`bad service name ${JSON.stringify(name)}`);
    if (!isRecord(def)) throw new Error(`service ${name} must be a mapping`);
    return parseService(name, def, vars.DESKTOP_PLUGIN_IMAGE);
  });
  const volumes = resources(interpolateAll(doc.volumes, vars, found), "volumes");
  const networks = resources(interpolateAll(doc.networks, vars, found), "networks");
  for (const s of specs) {
    for (const v of s.volumes) {
      if (v.kind === "volume" && !volumes.some((r) => r.key === v.name)) {
        throw new Error(
          `service ${s.name}: volume ${v.name} is used but not declared under volumes:`,
        );
      }
    }
    for (const n of s.networks) {
      if (n.name !== "default" && !networks.some((r) => r.key === n.name)) {
        throw new Error(
          `service ${s.name}: network ${n.name} is used but not declared under networks:`,
        );
      }
    }
    for (const d of s.dependsOn) {
      if (!specs.some((o) => o.name === d.service)) {
        throw new Error(`service ${s.name} depends on ${d.service}, which is not a service here`);
      }
    }
    const shared = s.networkMode?.startsWith("service:") ? s.networkMode.slice(8) : undefined;
    if (shared && !s.dependsOn.some((d) => d.service === shared)) {
      s.dependsOn.push({ service: shared, condition: "service_started" });
    }
  }
  const names = specs.flatMap((s) => (s.containerName ? [s.containerName] : []));
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`container_name ${twice} is given to two services`);
  // Services on no network of their own join "default"; it exists only if one does.
  const usesDefault = specs.some((s) => s.networkMode === undefined && s.networks.length === 0);
  if (usesDefault && !networks.some((n) => n.key === "default")) {
    networks.push({ key: "default", external: false });
  }
  const image = vars.DESKTOP_PLUGIN_IMAGE;
  const vm = specs.find((s) => s.image === image) ?? (specs[0] as ServiceSpec);
  return {
    services: startOrder(specs),
    vmService: vm.name,
    volumes: volumes.filter((v) =>
      specs.some((s) => s.volumes.some((u) => u.kind === "volume" && u.name === v.key)),
    ),
    networks,
    unsetVariables: [...found.unset].filter((n) => n !== "DESKTOP_PLUGIN_IMAGE").sort(),
  };
}

function resources(value: unknown, what: string): ProjectResource[] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) throw new Error(`top-level ${what} must be a mapping`);
  return Object.entries(value).map(([key, def]) => {
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(key))
      throw new Error(`bad ${what} key ${JSON.stringify(key)}`);
    if (def === null || def === undefined) return { key, external: false };
    if (!isRecord(def)) throw new Error(`${what}.${key} must be a mapping`);
    refuseUnknownKeys(def, RESOURCE_KEYS, `${what}.${key}`);
    if (def.driver !== undefined && def.driver !== (what === "volumes" ? "local" : "bridge")) {
      throw new Error(`${what}.${key}: driver ${String(def.driver)} is not supported`);
    }
    const name = def.name === undefined ? undefined : String(def.name);
    if (name !== undefined && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) {
      throw new Error(`${what}.${key}: bad name ${JSON.stringify(name)}`);
    }
    const external = def.external === true || (isRecord(def.external) && true);
    return { key, ...(name !== undefined ? { name } : {}), external };
  });
}
