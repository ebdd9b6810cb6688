import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createDdClient } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import {
  buildGoFixtureBackend,
  DDBRIDGE_BIN,
  ddbridgeSync,
  dockerForTests,
  ensureBusyboxImage,
  goBackendExtension,
  installedResources,
  type SshServer,
  spawnDaemon,
  sshSkip,
  startSshServer,
  stopDaemon,
  type TempDir,
  tempDir,
  tempHome,
} from "@ddbridge/testing";

const docker = await dockerForTests();
const build = await tempDir("ddbridge-ssh-fixture-");
const BACKEND = join(build.dir, "backend");
const skip = docker.skip || sshSkip() || buildGoFixtureBackend(BACKEND);

describe("an ssh:// engine: a real sshd on loopback in front of the test engine", { skip }, () => {
  let ssh: SshServer;
  let home: TempDir;
  let ext: string;
  /** The environment of a user whose ~/.ssh logs into the sshd, with no engine of their own set. */
  let env: NodeJS.ProcessEnv;
  before(async () => {
    await ensureBusyboxImage(docker.engine!);
    ssh = await startSshServer({ DOCKER_HOST: docker.engine!.host });
    home = await tempHome();
    env = { HOME: ssh.home, DDBRIDGE_HOME: home.dir, DOCKER_HOST: "", SSH_AUTH_SOCK: "" };
    ext = await goBackendExtension(build.dir, "ssh-ext", BACKEND);
  });
  after(async () => {
    // down needs the engine: through the same ssh.
    await home?.remove();
    await ssh?.stop();
    await build.remove();
  });

  it("up through ssh:// runs the backend there, reaches its socket through ssh, and runs vm.cli.exec in it", async () => {
    const up = await spawnDaemon(
      [
        ext,
        "--docker-host",
        ssh.url,
        "--listen",
        "127.0.0.1:0",
        "--network",
        "none",
        "--wait",
        "60s",
      ],
      env,
      { command: "up", timeoutMs: 180_000 },
    );
    try {
      assert.match(up.stderr(), /runs on another machine.*reached through the ssh connection/s);
      const token = (await readFile(join(home.dir, "token"), "utf8")).trim();
      const dd = createDdClient(createNodeTransport({ url: up.url, token }));
      const hello = (await dd.extension.vm!.service!.get("/hello")) as { message: string };
      assert.equal(hello.message, "hello from the backend");
      const r = await dd.extension.vm!.cli!.exec("cat", ["/metadata.json"]);
      assert.match(r.stdout, /"name":"ssh-ext"/);
      // The containers are the test engine's: ssh reached the same one.
      const slug = JSON.parse(ddbridgeSync(["ls", "--json"], env))[0]
        .dir.split("/")
        .pop();
      const { containers } = await installedResources(docker.engine!, slug);
      assert.equal(containers.length, 1);
      assert.equal(containers[0]!.State, "running");
    } finally {
      await stopDaemon(up);
    }
  });

  it("a docker context made as the docker CLI stores it selects the same engine (DOCKER_CONTEXT and --context)", async () => {
    const id = createHash("sha256").update("over-ssh").digest("hex");
    const meta = join(ssh.home, ".docker", "contexts", "meta", id);
    await mkdir(meta, { recursive: true });
    await writeFile(
      join(meta, "meta.json"),
      JSON.stringify({
        Name: "over-ssh",
        Metadata: {},
        Endpoints: { docker: { Host: ssh.url, SkipTLSVerify: false } },
      }),
    );
    for (const [flags, extra] of [
      [["--context", "over-ssh"], {}],
      [[], { DOCKER_CONTEXT: "over-ssh" }],
    ] as const) {
      const list = JSON.parse(ddbridgeSync(["ls", "--json", ...flags], { ...env, ...extra }));
      assert.equal(list.length, 1);
      assert.equal(list[0].state, "running", JSON.stringify(list));
    }
    // A context that does not exist is an error that names where contexts are looked for.
    const missing = spawnSyncDdbridge(["ls", "--context", "nope"], env);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /docker context "nope" not found/);
    // down through the context removes what up made there.
    const out = ddbridgeSync(["down", ext, "--context", "over-ssh"], env);
    assert.match(out, /removed container/);
  });
});

function spawnSyncDdbridge(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [DDBRIDGE_BIN, ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
}
