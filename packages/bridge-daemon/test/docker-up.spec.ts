import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFile, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createDdClient, type DdClient } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import {
  buildGoFixtureBackend,
  type DaemonProcess,
  DDBRIDGE_BIN,
  dockerForTests,
  ensureBusyboxImage,
  spawnDaemon,
  tempDir,
} from "@ddbridge/testing";
import type { DockerEngine } from "../src/engine/engine.js";
import { EXTENSION_LABEL } from "../src/install/install-record.js";

const docker = await dockerForTests();
const build = await tempDir("ddbridge-fixture-backend-");
const BACKEND = join(build.dir, "backend");
const skip = docker.skip ?? buildGoFixtureBackend(BACKEND);
const engine = docker.engine as DockerEngine;

async function labelled(slug: string) {
  const filters = JSON.stringify({ label: [`${EXTENSION_LABEL}=${slug}`] });
  const containers = await engine.api.listContainers({ all: true, filters });
  const { Volumes } = await engine.api.listVolumes({ filters });
  return { containers, volumes: Volumes ?? [] };
}

async function exists(path: string) {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

function ddbridge(args: string[], env: NodeJS.ProcessEnv) {
  const r = spawnSync(process.execPath, [DDBRIDGE_BIN, ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, `ddbridge ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout;
}

async function upDaemon(
  source: string,
  home: string,
): Promise<{ up: DaemonProcess; dd: DdClient }> {
  const up = await spawnDaemon(
    [source, "--network", "none", "--listen", "127.0.0.1:0", "--wait", "30s"],
    { DDBRIDGE_HOME: home },
    { command: "up", timeoutMs: 120_000 },
  );
  const token = (await readFile(join(home, "token"), "utf8")).trim();
  return { up, dd: createDdClient(createNodeTransport({ url: up.url, token })) };
}

/**
 * A build context for a test extension image FROM the busybox image: a
 * folder named `name` with metadata.json, a Dockerfile and `files`.
 */
async function extensionContext(
  name: string,
  metadata: object,
  dockerfile: string,
  files: Record<string, string> = {},
) {
  await ensureBusyboxImage(engine);
  const ctx = await tempDir(`ddbridge-${name}-`);
  const dir = join(ctx.dir, name);
  await mkdir(dir);
  await writeFile(join(dir, "metadata.json"), JSON.stringify(metadata));
  await writeFile(join(dir, "Dockerfile"), `FROM ddbridge-test/busybox:latest\n${dockerfile}`);
  for (const [file, content] of Object.entries(files)) await writeFile(join(dir, file), content);
  return { dir, remove: ctx.remove };
}

async function stopped(up: DaemonProcess) {
  up.child.kill("SIGTERM");
  assert.equal(await up.exit, 0);
}

describe("ddbridge up IMAGE|DIR and down", { skip }, () => {
  let home: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    home = await tempDir("ddbridge-home-");
  });
  after(async () => {
    // Whatever a failed test left behind.
    if (home)
      spawnSync(process.execPath, [DDBRIDGE_BIN, "down", "--all"], {
        env: { ...process.env, DDBRIDGE_HOME: home.dir },
      });
    await home?.remove();
    await build.remove();
  });

  it("starts the services of vm.composefile (command, environment, volumes, cap_add, working_dir) and down removes the volume", async () => {
    const { dir, remove } = await extensionContext(
      "compose-ext",
      {
        name: "compose-ext",
        vm: { composefile: "compose.yaml", exposes: { socket: "compose-ext.sock" } },
      },
      "COPY backend /backend\nCOPY metadata.json compose.yaml /\n",
      {
        "compose.yaml": [
          "services:",
          "  api:",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolation under test
          "    image: ${DESKTOP_PLUGIN_IMAGE}",
          "    command: /backend /run/guest-services/compose-ext.sock",
          "    environment:",
          "      GREETING: from compose",
          "    volumes:",
          "      - data:/data",
          "    cap_add: [NET_ADMIN]",
          "    working_dir: /data",
          "  sidecar:",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolation under test
          "    image: ${DESKTOP_PLUGIN_IMAGE}",
          "    command: [sleep, '100000']",
          "volumes:",
          "  data:",
          "",
        ].join("\n"),
      },
    );
    await copyFile(BACKEND, join(dir, "backend"));
    const { up, dd } = await upDaemon(dir, home.dir);
    try {
      assert.deepEqual(await dd.extension.vm.service.get("/hello"), {
        message: "hello from the backend",
      });
      // VM commands run in the first service.
      const env = (await dd.extension.vm.cli.exec("env", [])).lines();
      assert.ok(env.includes("GREETING=from compose"), env.join("\n"));
      assert.equal((await dd.extension.vm.cli.exec("pwd", [])).stdout, "/data\n");
      const { containers, volumes } = await labelled("compose-ext");
      assert.equal(containers.length, 2);
      assert.deepEqual(
        volumes.map((v) => v.Name),
        ["ddbridge-compose-ext_data"],
      );
      const api = containers.find((c) => c.Labels["io.ddbridge.service"] === "api");
      const info = await engine.api.getContainer(api!.Id).inspect();
      assert.deepEqual(info.HostConfig.CapAdd, ["NET_ADMIN"]);
    } finally {
      await stopped(up);
    }
    ddbridge(["down", dir], { DDBRIDGE_HOME: home.dir });
    const left = await labelled("compose-ext");
    assert.deepEqual([left.containers.length, left.volumes.length], [0, 0]);
    await remove();
  });

  it("fails clearly when the image has no metadata.json, and leaves nothing behind", async () => {
    await ensureBusyboxImage(engine);
    const r = spawnSync(process.execPath, [DDBRIDGE_BIN, "up", "ddbridge-test/busybox:latest"], {
      env: { ...process.env, DDBRIDGE_HOME: home.dir },
      encoding: "utf8",
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /the image has no \/metadata\.json/);
    const left = await labelled("ddbridge-test-busybox");
    assert.equal(left.containers.length, 0);
    assert.equal(await exists(join(home.dir, "extensions/ddbridge-test-busybox")), false);
    // An image up did not build is never removed.
    await engine.api.getImage("ddbridge-test/busybox:latest").inspect();
  });

  it("a backend that never opens its socket fails with its log, and is removed", async () => {
    const { dir, remove } = await extensionContext(
      "silent-ext",
      {
        name: "silent-ext",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: metadata.json's own variable
        vm: { image: "${DESKTOP_PLUGIN_IMAGE}", exposes: { socket: "silent.sock" } },
      },
      'COPY metadata.json /\nCMD ["sh", "-c", "echo not listening; exit 3"]\n',
    );
    const r = spawnSync(process.execPath, [DDBRIDGE_BIN, "up", dir, "--network", "none"], {
      env: { ...process.env, DDBRIDGE_HOME: home.dir },
      encoding: "utf8",
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /exited \(code 3\) before listening/);
    assert.match(r.stderr, /not listening/);
    const left = await labelled("silent-ext");
    assert.deepEqual([left.containers.length, left.volumes.length], [0, 0]);
    assert.equal(await exists(join(home.dir, "extensions/silent-ext")), false);
    await assert.rejects(engine.api.getImage("ddbridge.local/silent-ext:latest").inspect());
    await remove();
  });
});
