import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { createDemuxer } from "../engine/demux-stream.js";
import { type DockerEngine, isNotFound } from "../engine/engine.js";
import type { BackendSpec, ServiceSpec, VolumeSpec } from "./compose-file.js";

/** Where an extension's backend runs and what was created for it. */
export interface BackendPlan {
  /** Name prefix and label value of everything created. */
  project: string;
  /** Host folder mounted at /run/guest-services in every service. */
  guestServicesDir: string;
  /** Network mode of the services ("bridge", "none", a network name). */
  network: string;
  labels: Record<string, string>;
}

/** What {@link startBackend} created, in creation order, for `down`. */
export interface Created {
  containers: string[];
  volumes: string[];
}

/** The Engine API form of a compose service, in this plan. */
export function containerOptions(
  engine: DockerEngine,
  plan: BackendPlan,
  service: ServiceSpec,
): Parameters<DockerEngine["api"]["createContainer"]>[0] {
  const binds = [`${plan.guestServicesDir}:/run/guest-services`];
  const mounts: Array<{ Type: "volume"; Source: string; Target: string; ReadOnly: boolean }> = [];
  const anonymous: Record<string, object> = {};
  for (const v of service.volumes) {
    if (v.kind === "bind") binds.push(bindOf(engine, v));
    else if (v.kind === "volume")
      mounts.push({
        Type: "volume",
        Source: `${plan.project}_${v.name}`,
        Target: v.target,
        ReadOnly: v.readOnly,
      });
    else anonymous[v.target] = {};
  }
  const [restart, retries] = service.restart.split(":");
  return {
    name: `${plan.project}-${service.name}`,
    Image: service.image,
    ...(service.command ? { Cmd: service.command } : {}),
    ...(service.entrypoint ? { Entrypoint: service.entrypoint } : {}),
    Env: service.environment,
    ...(service.workingDir ? { WorkingDir: service.workingDir } : {}),
    ...(service.user ? { User: service.user } : {}),
    Labels: { ...service.labels, ...plan.labels, "io.ddbridge.service": service.name },
    Volumes: anonymous,
    HostConfig: {
      Binds: binds,
      Mounts: mounts,
      CapAdd: service.capAdd,
      Init: service.init,
      NetworkMode: plan.network,
      RestartPolicy: {
        Name: restart ?? "no",
        ...(retries ? { MaximumRetryCount: Number(retries) } : {}),
      },
    },
  };
}

/**
 * `/var/run/docker.sock.raw` is Docker Desktop's name for the engine's own
 * socket: here it is the socket the daemon talks to, when that is local.
 */
function bindOf(engine: DockerEngine, v: Extract<VolumeSpec, { kind: "bind" }>): string {
  let source = v.source;
  if (source === "/var/run/docker.sock.raw") {
    if (!engine.host.startsWith("unix://")) {
      throw new Error(`/var/run/docker.sock.raw needs a local engine socket, not ${engine.host}`);
    }
    source = engine.host.slice("unix://".length);
  }
  return `${source}:${v.target}${v.readOnly ? ":ro" : ""}`;
}

/** The started backend: its first service (where VM commands run), and how to learn it exits. */
export interface StartedBackend {
  /** ID of the first service's container. */
  container: string;
  /**
   * Resolves with the exit code of the first service's next exit (undefined
   * once {@link StartedBackend.stopWatching} is called, or if the engine cannot tell).
   */
  firstExit: Promise<number | undefined>;
  stopWatching(): void;
}

/**
 * Creates the named volumes and starts every service, recording each
 * resource in `created` as soon as it exists (so a failure half-way can still
 * be undone). Images missing locally are pulled. The first service's exit is
 * watched from before its start: a restart policy brings a crashed backend
 * back and resets the exit code that inspect shows, but not this one.
 */
export async function startBackend(
  engine: DockerEngine,
  plan: BackendPlan,
  spec: BackendSpec,
  created: Created,
  onCreated: () => Promise<void>,
): Promise<StartedBackend> {
  for (const name of spec.volumes) {
    const volume = `${plan.project}_${name}`;
    await engine.api.createVolume({ Name: volume, Labels: plan.labels });
    created.volumes.push(volume);
    await onCreated();
  }
  const watching = new AbortController();
  let first: Pick<StartedBackend, "container" | "firstExit"> | undefined;
  for (const service of spec.services) {
    await ensureImage(engine, service.image);
    const container = await engine.api.createContainer(containerOptions(engine, plan, service));
    created.containers.push(container.id);
    await onCreated();
    first ??= {
      container: container.id,
      firstExit: container
        .wait({ condition: "next-exit", abortSignal: watching.signal })
        .then((r: { StatusCode?: number }) => r.StatusCode)
        .catch(() => undefined),
    };
    await container.start();
  }
  if (!first) throw new Error("the backend has no services");
  return { ...first, stopWatching: () => watching.abort() };
}

/** Pulls an image unless the engine has it already. */
export async function ensureImage(engine: DockerEngine, image: string): Promise<void> {
  try {
    await engine.api.getImage(image).inspect();
    return;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  const stream = await engine.api.pull(image);
  await new Promise<void>((resolve, reject) =>
    engine.api.modem.followProgress(stream, (err) => (err ? reject(err) : resolve())),
  );
}

/**
 * Waits until the backend accepts connections on its socket. Fails early,
 * with the container's last log lines, when the first service exits: it will
 * not listen by itself, even if its restart policy has brought it back.
 */
export async function waitForSocket(
  engine: DockerEngine,
  socketPath: string,
  backend: StartedBackend,
  timeoutMs: number,
): Promise<void> {
  const containerId = backend.container;
  let exitCode: number | undefined;
  void backend.firstExit.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (await accepts(socketPath)) return;
      if (exitCode !== undefined) throw await exitError(engine, socketPath, containerId, exitCode);
      if (Date.now() > deadline) {
        throw new Error(
          `the backend did not listen on ${socketPath} within ${timeoutMs} ms:\n${await logTail(engine.api.getContainer(containerId))}`,
        );
      }
      await sleep(100);
    }
  } finally {
    backend.stopWatching();
  }
}

async function exitError(
  engine: DockerEngine,
  socketPath: string,
  containerId: string,
  code: number,
): Promise<Error> {
  return new Error(
    `the backend container exited (code ${code}) before listening on ${socketPath}:\n${await logTail(engine.api.getContainer(containerId))}`,
  );
}

function accepts(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
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
