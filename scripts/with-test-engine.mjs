#!/usr/bin/env node
// Runs a command with a Docker engine for the Docker tests:
//   - the engine at DOCKER_HOST (or /var/run/docker.sock) when it answers;
//   - else, when this user can (root, dockerd installed), a private dockerd with
//     its own data root, exec root and socket under a temp folder, stopped and
//     removed after the command;
//   - else none: the Docker tests skip with a message (under CI=true they fail).
// Usage: node scripts/with-test-engine.mjs COMMAND [ARGS...]
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, openSync, rmSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: with-test-engine.mjs COMMAND [ARGS...]");
  process.exit(2);
}

/** GET /_ping on a unix socket: true when an engine answers. */
function ping(socketPath) {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: "/_ping", timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

const host = process.env.DOCKER_HOST;
let engine; // a private dockerd we started
if (host && !host.startsWith("unix://")) {
  console.error(`with-test-engine: using DOCKER_HOST=${host}`);
} else if (await ping(host ? host.slice("unix://".length) : "/var/run/docker.sock")) {
  console.error(`with-test-engine: using the engine at ${host ?? "unix:///var/run/docker.sock"}`);
} else if (process.getuid?.() === 0 && spawnSync("dockerd", ["--version"]).status === 0) {
  engine = await startPrivateEngine();
  process.env.DOCKER_HOST = `unix://${engine.socket}`;
} else if (process.env.CI === "true") {
  console.error(
    "with-test-engine: CI=true and no Docker engine can be started (needs root and dockerd)",
  );
  process.exit(1);
} else {
  console.error(
    "with-test-engine: no Docker engine, and none can be started here (needs root and dockerd): the Docker tests will skip",
  );
}

const child = spawn(command, args, { stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
const code = await new Promise((resolve) =>
  child.on("exit", (c, s) => resolve(c ?? (s ? 128 : 1))),
);
if (engine) await engine.stop();
process.exit(code);

async function startPrivateEngine() {
  const dir = mkdtempSync(join(tmpdir(), "ddbridge-engine-"));
  const socket = join(dir, "docker.sock");
  const log = join(dir, "dockerd.log");
  const dockerd = spawn(
    "dockerd",
    [
      "--data-root",
      join(dir, "data"),
      "--exec-root",
      join(dir, "exec"),
      "--pidfile",
      join(dir, "dockerd.pid"),
      "--host",
      `unix://${socket}`,
      // Leave the host's firewall alone: the tests use --network none, or (compose) a bridge
      // network between containers and ports published on 127.0.0.1 by the userland proxy.
      "--iptables=false",
      "--ip-masq=false",
    ],
    { stdio: ["ignore", openSync(log, "a"), openSync(log, "a")] },
  );
  const exited = new Promise((resolve) => dockerd.once("exit", resolve));
  for (let i = 0; i < 300 && dockerd.exitCode === null; i++) {
    if (await ping(socket)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!(await ping(socket))) {
    dockerd.kill("SIGKILL");
    console.error(
      `with-test-engine: dockerd did not start; its log:\n${spawnSync("tail", ["-30", log]).stdout}`,
    );
    process.exit(1);
  }
  console.error(`with-test-engine: started a private dockerd at unix://${socket}`);
  return {
    socket,
    async stop() {
      dockerd.kill("SIGTERM");
      const done = await Promise.race([
        exited,
        new Promise((r) => setTimeout(() => r("timeout"), 20_000)),
      ]);
      if (done === "timeout") dockerd.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
