import { join } from "node:path";
import type { DockerEngine } from "../engine/engine.js";
import type { BackendSpec, ProjectResource, ServiceSpec, VolumeSpec } from "./compose-file.js";

/** Where an extension's backend runs, and what its objects are called and labelled. */
export interface BackendPlan {
  /** Prefix of the names of what `up` creates (containers, volumes, networks). */
  project: string;
  /** Host folder mounted at /run/guest-services in every service. */
  guestServicesDir: string;
  /** Host folder that relative binds (`./data`, `~/data`) live under: the extension's own. */
  localDir: string;
  /** `--network MODE`: every service in that mode, and no project networks. */
  networkOverride?: string;
  /** Host address published ports bind to, unless the file names a loopback one. */
  publishIp: string;
  labels: Record<string, string>;
}

/** A project volume's or network's name on the engine. */
export function resourceName(plan: BackendPlan, r: ProjectResource): string {
  return r.name ?? `${plan.project}_${r.key}`;
}

/** A service's container name: its `container_name`, else PROJECT-SERVICE. */
export function containerNameOf(plan: BackendPlan, service: ServiceSpec): string {
  return service.containerName ?? `${plan.project}-${service.name}`;
}

/** The networks a service joins (engine names and aliases); the first is created with it. */
export function networksOf(
  plan: BackendPlan,
  backend: BackendSpec,
  service: ServiceSpec,
): Array<{ name: string; aliases: string[] }> {
  if (plan.networkOverride !== undefined || service.networkMode !== undefined) return [];
  const joined = service.networks.length ? service.networks : [{ name: "default", aliases: [] }];
  return joined.map((n) => {
    const r = backend.networks.find((x) => x.key === n.name) ?? { key: n.name, external: false };
    // As Compose: reachable by service name (and container_name) on every network it joins.
    const aliases = [
      service.name,
      ...(service.containerName ? [service.containerName] : []),
      ...n.aliases,
    ];
    return { name: resourceName(plan, r), aliases: [...new Set(aliases)] };
  });
}

/**
 * The Engine API form of a compose service in this plan. `containerIds`
 * resolves `network_mode: service:NAME` to a started container.
 */
export function containerOptions(
  engine: DockerEngine,
  plan: BackendPlan,
  backend: BackendSpec,
  service: ServiceSpec,
  containerIds: ReadonlyMap<string, string>,
): Parameters<DockerEngine["api"]["createContainer"]>[0] {
  const binds = [`${plan.guestServicesDir}:/run/guest-services`];
  const mounts: Array<{ Type: "volume"; Source: string; Target: string; ReadOnly: boolean }> = [];
  const anonymous: Record<string, object> = {};
  const tmpfs: Record<string, string> = {};
  for (const entry of service.tmpfs) {
    const [path, options = ""] = entry.split(":");
    tmpfs[path as string] = options;
  }
  for (const v of service.volumes) {
    if (v.kind === "bind") binds.push(bindOf(engine, v));
    else if (v.kind === "local") {
      binds.push(`${join(plan.localDir, v.path)}:${v.target}${v.readOnly ? ":ro" : ""}`);
    } else if (v.kind === "volume") {
      const r = backend.volumes.find((x) => x.key === v.name) as ProjectResource;
      mounts.push({
        Type: "volume",
        Source: resourceName(plan, r),
        Target: v.target,
        ReadOnly: v.readOnly,
      });
    } else if (v.kind === "tmpfs") tmpfs[v.target] = "";
    else anonymous[v.target] = {};
  }
  const exposed: Record<string, object> = {};
  for (const e of service.expose) exposed[e] = {};
  const bindings: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  for (const p of service.ports) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    const binding = {
      HostIp: publishIp(plan, p.hostIp),
      HostPort: p.hostPort === undefined ? "" : String(p.hostPort),
    };
    bindings[key] = [...(bindings[key] ?? []), binding];
  }
  const [restart, retries] = service.restart.split(":");
  const networks = networksOf(plan, backend, service);
  const first = networks[0];
  const mode =
    plan.networkOverride ??
    (service.networkMode?.startsWith("service:")
      ? `container:${containerIds.get(service.networkMode.slice(8))}`
      : service.networkMode) ??
    first?.name;
  const health = service.healthcheck;
  return {
    name: containerNameOf(plan, service),
    // dockerode sends it as the create call's query parameter.
    ...(service.platform ? { platform: service.platform } : {}),
    Image: service.image,
    ...(service.command ? { Cmd: service.command } : {}),
    ...(service.entrypoint ? { Entrypoint: service.entrypoint } : {}),
    Env: service.environment,
    ...(service.workingDir ? { WorkingDir: service.workingDir } : {}),
    ...(service.user ? { User: service.user } : {}),
    ...(service.hostname ? { Hostname: service.hostname } : {}),
    ...(service.stopSignal ? { StopSignal: service.stopSignal } : {}),
    ...(service.stopGraceSeconds !== undefined ? { StopTimeout: service.stopGraceSeconds } : {}),
    Tty: service.tty,
    OpenStdin: service.stdinOpen,
    Labels: { ...service.labels, ...plan.labels, "io.ddbridge.service": service.name },
    Volumes: anonymous,
    ExposedPorts: exposed,
    ...(health
      ? {
          Healthcheck: {
            Test: health.test,
            ...(health.intervalNs !== undefined ? { Interval: health.intervalNs } : {}),
            ...(health.timeoutNs !== undefined ? { Timeout: health.timeoutNs } : {}),
            ...(health.startPeriodNs !== undefined ? { StartPeriod: health.startPeriodNs } : {}),
            ...(health.retries !== undefined ? { Retries: health.retries } : {}),
          },
        }
      : {}),
    HostConfig: {
      Binds: binds,
      Mounts: mounts,
      Tmpfs: tmpfs,
      PortBindings: bindings,
      CapAdd: service.capAdd,
      CapDrop: service.capDrop,
      Privileged: service.privileged,
      Devices: service.devices.map(device),
      SecurityOpt: service.securityOpt,
      ReadonlyRootfs: service.readOnly,
      ExtraHosts: service.extraHosts,
      Ulimits: service.ulimits,
      ...(service.pidsLimit !== undefined ? { PidsLimit: service.pidsLimit } : {}),
      ...(service.shmSize !== undefined ? { ShmSize: service.shmSize } : {}),
      ...(service.memoryLimit !== undefined ? { Memory: service.memoryLimit } : {}),
      ...(service.memoryReservation !== undefined
        ? { MemoryReservation: service.memoryReservation }
        : {}),
      ...(service.nanoCpus !== undefined ? { NanoCpus: service.nanoCpus } : {}),
      ...(service.logging
        ? { LogConfig: { Type: service.logging.driver, Config: service.logging.options } }
        : {}),
      Init: service.init,
      ...(mode ? { NetworkMode: mode } : {}),
      RestartPolicy: {
        Name: restart ?? "no",
        ...(retries ? { MaximumRetryCount: Number(retries) } : {}),
      },
    },
    ...(first
      ? { NetworkingConfig: { EndpointsConfig: { [first.name]: { Aliases: first.aliases } } } }
      : {}),
  } as Parameters<DockerEngine["api"]["createContainer"]>[0];
}

/**
 * The host address a port is published on: the user's `--publish-ip`
 * (loopback by default) unless the file itself names a loopback address, so
 * an extension never opens a port to the network without the user's say.
 */
export function publishIp(plan: Pick<BackendPlan, "publishIp">, asked: string | undefined): string {
  if (asked && (asked.startsWith("127.") || asked === "::1")) return asked;
  return plan.publishIp;
}

function device(entry: string): {
  PathOnHost: string;
  PathInContainer: string;
  CgroupPermissions: string;
} {
  const [host, container, perms] = entry.split(":");
  return {
    PathOnHost: host as string,
    PathInContainer: container ?? (host as string),
    CgroupPermissions: perms ?? "rwm",
  };
}

/**
 * Paths that are the Docker engine itself (Docker Desktop's `.raw` name too): bound to the
 * socket the daemon talks to, and listed by `up` as full control of the engine.
 */
export const ENGINE_SOCKET_NAMES: ReadonlySet<string> = new Set([
  "/var/run/docker.sock.raw",
  "/var/run/docker.sock",
  "/run/docker.sock",
]);

function bindOf(engine: DockerEngine, v: Extract<VolumeSpec, { kind: "bind" }>): string {
  let source = v.source;
  if (ENGINE_SOCKET_NAMES.has(source)) {
    if (!engine.host.startsWith("unix://")) {
      throw new Error(`${source} needs a local engine socket, not ${engine.host}`);
    }
    source = engine.host.slice("unix://".length);
  }
  return `${source}:${v.target}${v.readOnly ? ":ro" : ""}`;
}
