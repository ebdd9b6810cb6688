import { setTimeout as sleep } from "node:timers/promises";
import { createDemuxer } from "../engine/demux-stream.js";
import { type DockerEngine, isNotFound } from "../engine/engine.js";
import { inspectImage } from "../engine/inspect-image.js";
import { reachableSocketPath } from "../fs/reachable-socket-path.js";
import { waitForSocket } from "../process/wait-for-socket.js";
import type { BackendSpec, DependsCondition, ProjectResource } from "./compose-file.js";
import {
  type BackendPlan,
  containerOptions,
  networksOf,
  resourceName,
} from "./container-options.js";
import { EXTENSION_LABEL, HOME_LABEL, ownedBy } from "./install-record.js";

export type { BackendPlan } from "./container-options.js";

/** What {@link startBackend} created, in creation order, for `down`. */
export interface Created {
  containers: string[];
  volumes: string[];
  networks: string[];
}

/** The started backend: the VM service's container, and how to learn it exits. */
export interface StartedBackend {
  /** ID of the VM service's container (where VM commands run). */
  container: string;
  /**
   * Resolves with the exit code of the VM service's next exit (undefined
   * once {@link StartedBackend.stopWatching} is called, or if the engine cannot tell).
   */
  firstExit: Promise<number | undefined>;
  stopWatching(): void;
  /** Where each published port landed, one line each (`store: 127.0.0.1:49153 → 8080/tcp`). */
  published: string[];
}

/**
 * Creates the project's networks and named volumes, then starts every
 * service in dependency order, each once what it depends on is started,
 * healthy or completed, as its `depends_on` asks. Every resource is recorded
 * in `created` as soon as it exists (so a failure half-way can still be
 * undone); the install's existing volumes are kept and reused, as Compose
 * does ({@link ensureResource}). The VM
 * service's exit is watched from before its start: a restart policy brings a
 * crashed backend back and resets the exit code that inspect shows, but not
 * this one.
 */
export async function startBackend(
  engine: DockerEngine,
  plan: BackendPlan,
  spec: BackendSpec,
  created: Created,
  onCreated: () => Promise<void>,
  waitMs: number,
): Promise<StartedBackend> {
  const networks = plan.networkOverride === undefined ? spec.networks : [];
  for (const r of networks) {
    const name = await ensureResource("network", plan, r, {
      inspect: (n) => engine.api.getNetwork(n).inspect(),
      create: (n) => engine.api.createNetwork({ Name: n, Driver: "bridge", Labels: plan.labels }),
    });
    if (name === undefined) continue;
    created.networks.push(name);
    await onCreated();
  }
  for (const r of spec.volumes) {
    const name = await ensureResource("volume", plan, r, {
      inspect: (n) => engine.api.getVolume(n).inspect(),
      create: (n) => engine.api.createVolume({ Name: n, Labels: plan.labels }),
    });
    if (name === undefined) continue;
    created.volumes.push(name);
    await onCreated();
  }
  const watching = new AbortController();
  const ids = new Map<string, string>();
  const published: string[] = [];
  let vm: Pick<StartedBackend, "container" | "firstExit"> | undefined;
  for (const service of spec.services) {
    for (const dep of service.dependsOn) {
      await waitForCondition(
        engine,
        dep.service,
        ids.get(dep.service) as string,
        dep.condition,
        waitMs,
      );
    }
    await ensureImage(engine, service.image, service.pullPolicy, service.platform);
    const options = containerOptions(engine, plan, spec, service, ids);
    const container = await engine.api.createContainer(options).catch((err: Error) => {
      throw new Error(`service ${service.name}: ${err.message}`);
    });
    created.containers.push(container.id);
    ids.set(service.name, container.id);
    await onCreated();
    for (const n of networksOf(plan, spec, service).slice(1)) {
      await engine.api
        .getNetwork(n.name)
        .connect({ Container: container.id, EndpointConfig: { Aliases: n.aliases } });
    }
    if (service.name === spec.vmService) {
      vm = {
        container: container.id,
        firstExit: container
          .wait({ condition: "next-exit", abortSignal: watching.signal })
          .then((r: { StatusCode?: number }) => r.StatusCode)
          .catch(() => undefined),
      };
    }
    await container.start().catch((err: Error) => {
      throw new Error(`service ${service.name} did not start: ${err.message}`);
    });
    if (service.ports.length > 0) {
      const { NetworkSettings } = await container.inspect();
      for (const [port, bindings] of Object.entries(NetworkSettings.Ports ?? {})) {
        for (const b of bindings ?? [])
          published.push(`${service.name}: ${b.HostIp}:${b.HostPort} → ${port}`);
      }
    }
  }
  if (!vm) throw new Error("the backend has no services");
  return { ...vm, stopWatching: () => watching.abort(), published };
}

/** Waits until a dependency is started, healthy or completed, as `depends_on` asks. */
async function waitForCondition(
  engine: DockerEngine,
  service: string,
  id: string,
  condition: DependsCondition,
  waitMs: number,
): Promise<void> {
  if (condition === "service_started") return;
  const container = engine.api.getContainer(id);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const { State } = await container.inspect();
    if (condition === "service_completed_successfully" && !State.Running) {
      if (State.ExitCode === 0) return;
      throw new Error(
        `service ${service} exited with code ${State.ExitCode} (a service depends on its success):\n${await logTail(container)}`,
      );
    }
    if (condition === "service_healthy") {
      const health = State.Health?.Status;
      if (health === undefined)
        throw new Error(
          `service ${service} has no healthcheck, and a service waits for it to be healthy`,
        );
      if (health === "healthy") return;
      if (health === "unhealthy")
        throw new Error(`service ${service} is unhealthy:\n${await logTail(container)}`);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `service ${service} was not ${condition.slice(8).replace("_", " ")} within ${waitMs} ms:\n${await logTail(container)}`,
      );
    }
    await sleep(250);
  }
}

async function exists(inspect: () => Promise<unknown>): Promise<boolean> {
  try {
    await inspect();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/**
 * Creates a project volume or network and returns its name, or returns
 * undefined for one that exists and may be reused (as Compose does): one
 * whose labels make it this install's own, or one the file declares
 * `external: true` (listed among the privileges `up` asks for). Any other
 * existing one is someone else's (another home's install, the user's
 * database): a compose file's `name:` must not hand its data over.
 */
async function ensureResource(
  kind: "volume" | "network",
  plan: BackendPlan,
  r: ProjectResource,
  api: {
    inspect: (name: string) => Promise<{ Labels?: Record<string, string> | null }>;
    create: (name: string) => Promise<unknown>;
  },
): Promise<string | undefined> {
  const name = resourceName(plan, r);
  const existing = await api.inspect(name).catch((err: unknown) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  if (existing) {
    const [slug, home] = [plan.labels[EXTENSION_LABEL] ?? "", plan.labels[HOME_LABEL] ?? ""];
    if (r.external || ownedBy(existing.Labels, slug, home)) return undefined;
    throw new Error(
      `${kind} ${name} exists and is not this extension's (another install's, or not made by ddbridge): ddbridge will not hand it over; remove or rename it, or declare it external: true in the compose file`,
    );
  }
  if (r.external)
    throw new Error(`${kind} ${name} is external (external: true) and does not exist`);
  await api.create(name);
  return name;
}

/**
 * Makes an image available by a compose `pull_policy`: pulled when missing
 * ("missing"), pulled every time ("always": the local copy is used, with the
 * pull's error, when the registry cannot be reached), never pulled ("never").
 */
export async function ensureImage(
  engine: DockerEngine,
  image: string,
  policy: "missing" | "always" | "never" = "missing",
  platform?: string,
): Promise<void> {
  const local = await exists(() => inspectImage(engine, image));
  if (local && policy !== "always") return;
  if (!local && policy === "never") {
    throw new Error(`image ${image} is not on the engine, and its pull_policy is never`);
  }
  try {
    const stream = await engine.api.pull(image, platform ? { platform } : {});
    await new Promise<void>((resolve, reject) =>
      engine.api.modem.followProgress(stream, (err) => (err ? reject(err) : resolve())),
    );
  } catch (err) {
    if (!local) throw err;
  }
}

/**
 * Waits until the backend accepts connections on its socket. Fails early,
 * with the container's last log lines, when the first service exits: it will
 * not listen by itself, even if its restart policy has brought it back.
 */
export async function waitForBackend(
  engine: DockerEngine,
  socketPath: string,
  backend: StartedBackend,
  timeoutMs: number,
): Promise<void> {
  const containerId = backend.container;
  try {
    const remote = engine.remote?.kind === "ssh" ? engine.remote.sockets : undefined;
    const problem = await waitForSocket(remote ? socketPath : reachableSocketPath(socketPath), {
      timeoutMs,
      intervalMs: 100,
      until: backend.firstExit.then((code) => `exited (code ${code})`),
      // On an ssh:// engine the socket is on its machine: tried through the ssh connection.
      ...(remote
        ? {
            probe: (path: string) =>
              remote.open(path).then(
                (s) => {
                  s.destroy();
                  return true;
                },
                () => false,
              ),
          }
        : {}),
    });
    if (problem === undefined) return;
    const logs = await logTail(engine.api.getContainer(containerId));
    throw new Error(
      problem.startsWith("exited")
        ? `the backend container ${problem} before listening on ${socketPath}:\n${logs}`
        : `the backend did not listen on ${socketPath} within ${timeoutMs} ms:\n${logs}`,
    );
  } finally {
    backend.stopWatching();
  }
}

async function logTail(container: ReturnType<DockerEngine["api"]["getContainer"]>) {
  const raw = (await container
    .logs({ stdout: true, stderr: true, tail: 20, follow: false })
    .catch(() => Buffer.alloc(0))) as Buffer;
  // Non-TTY logs are multiplexed: drop the 8-byte frame headers for display.
  try {
    return createDemuxer()
      .push(raw)
      .map((c) => Buffer.from(c.data).toString())
      .join("");
  } catch {
    return raw.toString();
  }
}
