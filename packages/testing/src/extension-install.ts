import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { type DockerEngine, EXTENSION_LABEL } from "@ddbridge/bridge-daemon";
import { createDdClient, type DdClient } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import { type DaemonProcess, DDBRIDGE_BIN, spawnDaemon } from "./daemon-process.js";
import { type TempDir, tempDir } from "./temp-dir.js";

/** The containers and volumes of an installed extension, found by the label `up` puts on them. */
export async function installedResources(engine: DockerEngine, slug: string) {
  const filters = JSON.stringify({ label: [`${EXTENSION_LABEL}=${slug}`] });
  const containers = await engine.api.listContainers({ all: true, filters });
  const { Volumes } = await engine.api.listVolumes({ filters });
  const networks = await engine.api.listNetworks({ filters });
  return { containers, volumes: Volumes ?? [], networks };
}

export async function pathExists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/** Runs a `ddbridge` command to its end and returns its stdout; it must exit 0. */
export function ddbridgeSync(args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(process.execPath, [DDBRIDGE_BIN, ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, `ddbridge ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}

/**
 * `ddbridge up SOURCE` with DDBRIDGE_HOME `home`, on a free port, once it
 * serves; with a ddClient connected to it. The backend runs on no network
 * unless `network` says otherwise (false: the compose file's own networks).
 */
export async function upDaemon(
  source: string,
  home: string,
  flags: string[] = [],
  { network = "none" }: { network?: string | false } = {},
): Promise<{ up: DaemonProcess; dd: DdClient }> {
  const networkFlags = network === false ? [] : ["--network", network];
  const up = await spawnDaemon(
    [source, ...networkFlags, "--listen", "127.0.0.1:0", "--wait", "30s", ...flags],
    { DDBRIDGE_HOME: home },
    { command: "up", timeoutMs: 120_000 },
  );
  const token = (await readFile(join(home, "token"), "utf8")).trim();
  return { up, dd: createDdClient(createNodeTransport({ url: up.url, token })) };
}

/** Stops a spawned daemon as Ctrl+C would; it must exit 0. */
export async function stopDaemon(daemon: DaemonProcess): Promise<void> {
  daemon.child.kill("SIGTERM");
  assert.equal(await daemon.exit, 0);
}

/**
 * A DDBRIDGE_HOME for `up` tests. Removing it first runs `ddbridge down
 * --all --volumes` in it, for whatever a failed test left installed.
 */
export async function tempHome(): Promise<TempDir> {
  const tmp = await tempDir("ddbridge-home-");
  return {
    dir: tmp.dir,
    async remove() {
      spawnSync(process.execPath, [DDBRIDGE_BIN, "down", "--all", "--volumes"], {
        env: { ...process.env, DDBRIDGE_HOME: tmp.dir },
      });
      await tmp.remove();
    },
  };
}
