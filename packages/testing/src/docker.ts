import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  buildImage,
  connectEngine,
  createDemuxer,
  type DockerEngine,
} from "@ddbridge/bridge-daemon";
import type Docker from "dockerode";
import { tempDir } from "./temp-dir.js";

/** Label on everything the tests create, so a run cleans up after itself. */
export const TEST_LABEL = "io.ddbridge.test";
/** A FROM-scratch image with Debian's static busybox: sh, ps, kill, sleep. */
export const BUSYBOX_IMAGE = "ddbridge-test/busybox:latest";

/**
 * The engine the Docker tests run against (DOCKER_HOST, else the default
 * socket), or the reason they are skipped. Under CI=true a missing engine is
 * an error, never a skip.
 */
export async function dockerForTests(): Promise<{ engine?: DockerEngine; skip?: string }> {
  const engine = connectEngine();
  try {
    await engine.api.ping();
    return { engine };
  } catch (err) {
    const why = `no Docker engine at ${engine.host} (${(err as Error).message}); start dockerd or set DOCKER_HOST to run the Docker tests`;
    if (process.env.CI === "true") throw new Error(`CI=true: ${why}`);
    return { skip: why };
  }
}

let busybox: Promise<void> | undefined;

/** Builds {@link BUSYBOX_IMAGE} once per process from /bin/busybox (busybox-static). */
export function ensureBusyboxImage(engine: DockerEngine): Promise<void> {
  busybox ??= (async () => {
    const ctx = await tempDir("ddbridge-busybox-");
    try {
      await copyFile("/bin/busybox", join(ctx.dir, "busybox"));
      await writeFile(
        join(ctx.dir, "Dockerfile"),
        [
          "FROM scratch",
          "COPY busybox /bin/busybox",
          'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
          'CMD ["/bin/sh"]',
          "",
        ].join("\n"),
      );
      await buildImage(engine, ctx.dir, BUSYBOX_IMAGE);
    } finally {
      await ctx.remove();
    }
  })();
  return busybox;
}

/** Starts a busybox container that idles, with `binds` mounted and `workdir` as its cwd. */
export async function startIdleContainer(
  engine: DockerEngine,
  options: { binds?: string[]; workdir?: string } = {},
): Promise<Docker.Container> {
  await ensureBusyboxImage(engine);
  const container = await engine.api.createContainer({
    Image: BUSYBOX_IMAGE,
    Cmd: ["sleep", "100000"],
    WorkingDir: options.workdir ?? "/",
    Labels: { [TEST_LABEL]: "1" },
    HostConfig: {
      NetworkMode: "none",
      Init: true, // reaps what a cancelled command leaves behind
      Binds: options.binds ?? [],
    },
  });
  await container.start();
  return container;
}

/** The PIDs running in a container, as `ps` inside it sees them (zombies excluded). */
export async function psInContainer(container: Docker.Container): Promise<Map<number, string>> {
  const out = await execOutput(container, ["ps", "-o", "pid,stat,args"]);
  const pids = new Map<number, string>();
  for (const line of out.split("\n").slice(1)) {
    const m = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (m && !m[2]?.startsWith("Z")) pids.set(Number(m[1]), m[3] ?? "");
  }
  return pids;
}

/**
 * Runs a command in a container straight through the Engine API (outside the
 * daemon under test), hands its stdout to `onStdout`, and resolves with its
 * exit code once the engine reports it.
 */
export async function execDirect(
  container: Docker.Container,
  cmd: string[],
  onStdout: (data: Uint8Array) => void,
): Promise<number> {
  const exec = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const demux = createDemuxer();
  for await (const chunk of stream) {
    for (const part of demux.push(chunk)) if (part.stream === "stdout") onStdout(part.data);
  }
  for (let wait = 1; ; wait *= 2) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    await new Promise((r) => setTimeout(r, wait));
  }
}

/** A command's stdout in a container (see {@link execDirect}). */
export async function execOutput(container: Docker.Container, cmd: string[]): Promise<string> {
  const chunks: Buffer[] = [];
  await execDirect(container, cmd, (data) => chunks.push(Buffer.from(data)));
  return Buffer.concat(chunks).toString();
}

/** Removes every container the tests labelled (running or not) and its anonymous volumes. */
export async function removeTestContainers(engine: DockerEngine): Promise<void> {
  const list = await engine.api.listContainers({
    all: true,
    filters: JSON.stringify({ label: [TEST_LABEL] }),
  });
  await Promise.all(
    list.map((c) =>
      engine.api
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => {}),
    ),
  );
}
