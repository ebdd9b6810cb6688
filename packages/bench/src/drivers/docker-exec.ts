/**
 * VM exec through ddbridge's Docker runner against the docker CLI's own
 * `docker exec` on the same container, in the same run: spawn→close latency
 * and the throughput of one large stdout stream. A third column calls the
 * Engine API straight from this process (exec create, start, demux, inspect:
 * what the runner does, without the bridge), to show the bridge's own share.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createClient } from "@connectrpc/connect";
import { connectEngine } from "@ddbridge/bridge-daemon";
import { Exec, Target } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import {
  execDirect,
  removeTestContainers,
  spawnDaemon,
  startIdleContainer,
} from "@ddbridge/testing";
import type Docker from "dockerode";
import { directEcho, sessionEcho, webSocketEcho } from "./keystroke.js";
import { timeInTurns } from "./measure.js";

const MiB = 1024 * 1024;

type Percentiles = { p50: number; p99: number };

export interface DockerExecResult {
  latency: { docker: Percentiles; api: Percentiles; bridge: Percentiles; n: number };
  stream: { bytes: number; dockerMiBps: number; apiMiBps: number; bridgeMiBps: number };
  /** Keystroke round trip to `cat` in the container: `docker exec -i` against Exec.Session. */
  keystroke: { docker: Percentiles; grpc: Percentiles; websocket: Percentiles; n: number };
}

/** One exec straight through the Engine API; returns the stdout bytes. */
async function apiExec(container: Docker.Container, cmd: string[]): Promise<number> {
  let bytes = 0;
  const code = await execDirect(container, cmd, (data) => {
    bytes += data.byteLength;
  });
  if (code !== 0) throw new Error(`${cmd.join(" ")} exited ${code}`);
  return bytes;
}

async function dockerExec(args: string[]): Promise<number> {
  const child = spawn("docker", ["exec", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  let bytes = 0;
  for await (const c of child.stdout) bytes += (c as Buffer).length;
  if (child.exitCode === null) await once(child, "close");
  if (child.exitCode !== 0)
    throw new Error(`docker exec ${args.join(" ")} exited ${child.exitCode}`);
  return bytes;
}

/** Runs the comparison, or says why it cannot (no engine). */
export async function benchDockerExec(options: {
  n: number;
  bytes: number;
  daemonArgs: string[];
  env: NodeJS.ProcessEnv;
  token: string;
}): Promise<DockerExecResult | string> {
  const engine = connectEngine();
  try {
    await engine.api.ping();
  } catch {
    return `no Docker engine at ${engine.host}`;
  }
  const container = await startIdleContainer(engine);
  const daemon = await spawnDaemon(
    [...options.daemonArgs, "--vm-container", container.id],
    options.env,
  );
  daemon.child.stderr!.resume();
  try {
    const exec = createClient(Exec, createNodeTransport({ url: daemon.url, token: options.token }));
    const bridge = async (args: string[]) => {
      let bytes = 0;
      for await (const r of exec.run({
        target: Target.VM,
        command: args[0]!,
        args: args.slice(1),
      })) {
        if (r.event.case === "output") bytes += r.event.value.data.byteLength;
        if (r.event.case === "close" && r.event.value.exitCode !== 0) throw new Error("exit code");
      }
      return bytes;
    };
    const latency = await timeInTurns(options.n, {
      docker: () => dockerExec([container.id, "true"]),
      api: () => apiExec(container, ["true"]),
      bridge: () => bridge(["true"]),
    });
    const big = ["head", "-c", String(options.bytes), "/dev/zero"];
    let t = performance.now();
    const viaDocker = await dockerExec([container.id, ...big]);
    const dockerMiBps = viaDocker / MiB / ((performance.now() - t) / 1000);
    t = performance.now();
    const viaApi = await apiExec(container, big);
    const apiMiBps = viaApi / MiB / ((performance.now() - t) / 1000);
    t = performance.now();
    const viaBridge = await bridge(big);
    const bridgeMiBps = viaBridge / MiB / ((performance.now() - t) / 1000);
    for (const got of [viaDocker, viaApi, viaBridge]) {
      if (got !== options.bytes) throw new Error(`expected ${options.bytes} bytes, got ${got}`);
    }
    const echoes = {
      docker: await directEcho("docker", ["exec", "-i", container.id, "cat"]),
      grpc: await sessionEcho(daemon.url, options.token, "grpc", Target.VM, "cat"),
      websocket: await webSocketEcho(daemon.url, options.token, Target.VM, "cat"),
    };
    const keystroke = await timeInTurns(options.n * 2, {
      docker: () => echoes.docker.press(),
      grpc: () => echoes.grpc.press(),
      websocket: () => echoes.websocket.press(),
    });
    for (const e of Object.values(echoes)) await e.close();
    return {
      latency: { ...latency, n: options.n },
      stream: { bytes: options.bytes, dockerMiBps, apiMiBps, bridgeMiBps },
      keystroke: { ...keystroke, n: options.n * 2 },
    };
  } finally {
    daemon.child.kill("SIGTERM");
    await daemon.exit;
    await removeTestContainers(engine);
  }
}
