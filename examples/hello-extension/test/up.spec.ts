import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type DockerEngine, EXTENSION_LABEL } from "@ddbridge/bridge-daemon";
import { BridgeError, createDdClient, type DdClient } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import {
  type DaemonProcess,
  DDBRIDGE_BIN,
  dockerForTests,
  eventually,
  spawnDaemon,
  tempDir,
} from "@ddbridge/testing";
import { EXTENSION } from "./example-bridge.js";

const docker = await dockerForTests();
const skip = docker.skip ?? prepareImage();
const engine = docker.engine as DockerEngine;

/** Builds what the Dockerfile copies (Go backend, static busybox). */
function prepareImage(): string | undefined {
  const r = spawnSync(join(EXTENSION, "prepare-image.sh"), { encoding: "utf8" });
  if (r.status === 0) return undefined;
  const why = `cannot prepare the image (needs Go and busybox-static): ${r.stderr}${r.error ?? ""}`;
  if (process.env.CI === "true") throw new Error(`CI=true: ${why}`);
  return why;
}

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

/** Whether the backend service answers through the bridge within `ms`. */
function backendAnswers(dd: DdClient, ms: number) {
  return eventually(
    () =>
      dd.extension.vm.service.get("/hello").then(
        () => true,
        () => false,
      ),
    ms,
  );
}

async function stopped(up: DaemonProcess) {
  up.child.kill("SIGTERM");
  assert.equal(await up.exit, 0);
}

describe("ddbridge up examples/hello-extension, and down", { skip }, () => {
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
  });

  it("runs this image like Docker Desktop, survives its backend dying, and down leaves nothing", async () => {
    const { up, dd } = await upDaemon(EXTENSION, home.dir);
    try {
      // Backend service on the socket the container opened in the host's guest-services folder.
      assert.deepEqual(await dd.extension.vm.service.get("/hello"), {
        message: "hello from the backend",
      });
      assert.ok(
        await exists(
          join(home.dir, "extensions/hello-extension/guest-services/hello-extension.sock"),
        ),
      );
      // VM exec runs inside the backend container, relative to its WORKDIR.
      const hello = await dd.extension.vm.cli.exec("./hello.sh", ["x y"]);
      assert.equal(hello.stdout, "hello from the backend: x y\n");
      assert.equal((await dd.extension.vm.cli.exec("pwd", [])).stdout, "/app\n");
      assert.match(
        (await dd.extension.vm.cli.exec("cat", ["/proc/1/cmdline"])).stdout,
        /docker-init/,
      );
      // Host binaries were copied out of the image for this platform.
      assert.equal(
        (await dd.extension.host.cli.exec("hello", ["a"])).stdout,
        "hello from the host\na\n",
      );
      // ddClient.docker reaches the same engine.
      const mine = (await dd.docker.listContainers({
        filters: JSON.stringify({ label: [`${EXTENSION_LABEL}=hello-extension`] }),
      })) as Array<{ Id: string; State: string }>;
      assert.equal(mine.length, 1);
      const backend = engine.api.getContainer(mine[0]!.Id);
      // The UI was extracted and is served with the shim.
      const page = await (await fetch(`${up.url}/`)).text();
      assert.match(page, /ddbridge\/shim\.js/);
      assert.match(page, /<title>/);

      // A backend that is down is UNAVAILABLE for HTTP and for VM exec...
      await backend.stop({ t: 1 });
      const httpDown = await dd.extension.vm.service.get("/hello").catch((e: unknown) => e);
      assert.ok(httpDown instanceof BridgeError, String(httpDown));
      assert.equal(httpDown.grpcCode, "unavailable");
      const execDown = await dd.extension.vm.cli.exec("true", []).catch((e: unknown) => e);
      assert.ok(execDown instanceof BridgeError, String(execDown));
      assert.equal(execDown.grpcCode, "unavailable");
      // ...and works again once it is back, without restarting ddbridge.
      await backend.start();
      assert.ok(await backendAnswers(dd, 15_000));
      // A crash (the backend process killed inside, not the container stopped) is
      // restarted by the restart policy.
      const startedAt = (await backend.inspect()).State.StartedAt;
      await dd.extension.vm.cli.exec("killall", ["-KILL", "backend"]).catch(() => {});
      assert.ok(
        await eventually(
          async () => (await backend.inspect()).State.StartedAt !== startedAt,
          20_000,
        ),
        "the backend container was not restarted",
      );
      assert.ok(await backendAnswers(dd, 20_000), "the backend did not come back after a crash");
    } finally {
      await stopped(up);
    }
    // Ctrl+C stops serving only; down removes containers, image and files.
    assert.equal((await labelled("hello-extension")).containers.length, 1);
    const out = ddbridge(["down", EXTENSION], { DDBRIDGE_HOME: home.dir });
    assert.match(out, /removed container/);
    const left = await labelled("hello-extension");
    assert.deepEqual([left.containers.length, left.volumes.length], [0, 0]);
    assert.equal(await exists(join(home.dir, "extensions/hello-extension")), false);
    await assert.rejects(engine.api.getImage("ddbridge.local/hello-extension:latest").inspect());
  });
});
