import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type DockerEngine, EXTENSION_LABEL, installTarget } from "@ddbridge/bridge-daemon";
import { BridgeError, type DdClient } from "@ddbridge/client";
import {
  ddbridgeSync,
  dockerForTests,
  eventually,
  installedResources,
  pathExists,
  stopDaemon,
  type TempDir,
  tempHome,
  upDaemon,
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

describe("ddbridge up examples/hello-extension, and down", { skip }, () => {
  let home: TempDir;
  before(async () => {
    home = await tempHome();
  });
  after(async () => {
    await home?.remove();
  });

  it("runs this image like Docker Desktop, survives its backend dying, and down leaves nothing", async () => {
    const { slug, image } = await installTarget(home.dir, EXTENSION);
    const { up, dd } = await upDaemon(EXTENSION, home.dir);
    try {
      // Backend service on the socket the container opened in the host's guest-services folder.
      assert.deepEqual(await dd.extension.vm.service.get("/hello"), {
        message: "hello from the backend",
      });
      assert.ok(
        await pathExists(join(home.dir, "extensions", slug, "guest-services/hello-extension.sock")),
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
        filters: JSON.stringify({ label: [`${EXTENSION_LABEL}=${slug}`] }),
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
      await stopDaemon(up);
    }
    // Ctrl+C stops serving only; down removes containers, image and files.
    assert.equal((await installedResources(engine, slug)).containers.length, 1);
    const out = ddbridgeSync(["down", EXTENSION], { DDBRIDGE_HOME: home.dir });
    assert.match(out, /removed container/);
    const left = await installedResources(engine, slug);
    assert.deepEqual([left.containers.length, left.volumes.length], [0, 0]);
    assert.equal(await pathExists(join(home.dir, "extensions", slug)), false);
    await assert.rejects(engine.api.getImage(image).inspect());
  });
});
