import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, createClient } from "@connectrpc/connect";
import { DockerService, Exec, RunRequestSchema, Target } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import {
  DDBRIDGE_BIN,
  dockerForTests,
  eventually,
  extensionDir,
  HOST_BIN,
  psInContainer,
  removeTestContainers,
  runProcess,
  spawnDaemon,
  startBridge,
  startIdleContainer,
  TEST_LABEL,
  type TestBridge,
  TOKEN,
} from "@ddbridge/testing";
import type Docker from "dockerode";
import * as pty from "node-pty";
import type { DockerEngine } from "../src/engine/engine.js";
import { createContainerRunner } from "../src/exec/container-runner.js";
import { codeOf, execContractSuite, runToEnd } from "./exec-contract.js";
import { openSession } from "./session-io.js";
import { timedCall } from "./timed-call.js";

const { engine, skip } = await dockerForTests();

/** A daemon whose VM target is a busybox container with the fixtures at /ext. */
async function dockerBridge(): Promise<TestBridge & { container: Docker.Container }> {
  const e = engine as DockerEngine;
  const container = await startIdleContainer(e, {
    binds: [`${HOST_BIN}:/ext:ro`],
    workdir: "/ext",
  });
  const bridge = await startBridge({
    vm: { runner: createContainerRunner({ engine: e, container: container.id, killGraceMs: 500 }) },
    docker: { engine: e, cli: "docker" },
  });
  return {
    ...bridge,
    container,
    async close() {
      await bridge.close();
      await container.remove({ force: true });
    },
  };
}

let contractContainer: Docker.Container | undefined;
execContractSuite(
  "VM target, docker runner (Engine API exec in a container)",
  Target.VM,
  async () => {
    const bridge = await dockerBridge();
    contractContainer = bridge.container;
    return bridge;
  },
  (name) => `./${name}`,
  "/ext",
  // Proven where the command ran: `ps` inside the container no longer lists it.
  async (pid) => (await psInContainer(contractContainer as Docker.Container)).has(pid),
  skip,
);

describe("Docker runner", { skip }, () => {
  let bridge: TestBridge & { container: Docker.Container };
  let exec: ReturnType<typeof createClient<typeof Exec>>;
  before(async () => {
    bridge = await dockerBridge();
    exec = createClient(Exec, bridge.transport());
  });
  after(async () => {
    await bridge?.close();
    if (engine) await removeTestContainers(engine);
  });

  it("delivers 16 MB of output complete and in order", async () => {
    const r = await runToEnd(exec, { target: Target.VM, command: "seq", args: ["1", "2000000"] });
    const lines = r.stdout.split("\n");
    assert.equal(lines.length, 2_000_001);
    for (let i = 0; i < 2_000_000; i++) {
      if (lines[i] !== String(i + 1)) assert.fail(`line ${i} is ${lines[i]}`);
    }
    assert.deepEqual(r.close, { exitCode: 0, signal: "" });
  });

  it("a command silent at first gets its response headers once it runs, not with its output", async () => {
    const run = toBinary(
      RunRequestSchema,
      create(RunRequestSchema, { target: Target.VM, command: "./quiet-then", args: ["2"] }),
    );
    const body = Buffer.concat([Buffer.from([0, 0, 0, 0, run.byteLength]), run]);
    const t = await timedCall(bridge.url, true, "application/grpc", body);
    assert.match(t.body.toString("latin1"), /done/);
    assert.ok(t.endMs - t.headersMs > 1000, `headers at ${t.headersMs} ms, end at ${t.endMs} ms`);
  });

  it("close() of a silent command ends it too (no output to learn it from)", async () => {
    const before = await psInContainer(bridge.container);
    const abort = new AbortController();
    const run = runToEnd(
      exec,
      { target: Target.VM, command: "sleep", args: ["4321"] },
      { signal: abort.signal },
    );
    let sleeping: number | undefined;
    for (let i = 0; i < 100 && sleeping === undefined; i++) {
      await new Promise((r) => setTimeout(r, 50));
      for (const [pid, args] of await psInContainer(bridge.container)) {
        if (args === "sleep 4321" && !before.has(pid)) sleeping = pid;
      }
    }
    assert.ok(sleeping, "the command never showed up in ps");
    abort.abort();
    assert.equal((await codeOf(run)).code, Code.Canceled);
    for (let i = 0; i < 100; i++) {
      if (!(await psInContainer(bridge.container)).has(sleeping)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`sleep 4321 (pid ${sleeping}) is still running in the container`);
  });

  it("close() also ends a grandchild that left the group (setsid)", async () => {
    const abort = new AbortController();
    let pids: number[] = [];
    const run = (async () => {
      for await (const r of exec.run(
        { target: Target.VM, command: "./setsid-child" },
        { signal: abort.signal },
      )) {
        if (r.event.case === "output") {
          pids = Buffer.from(r.event.value.data).toString().trim().split(" ").map(Number);
          abort.abort();
        }
      }
    })();
    assert.equal((await codeOf(run)).code, Code.Canceled);
    assert.equal(pids.length, 2);
    for (let i = 0; i < 100; i++) {
      const ps = await psInContainer(bridge.container);
      if (!pids.some((p) => ps.has(p))) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`still running in the container: ${pids}`);
  });

  it("a SIGKILLed daemon's commands in the container are ended by its watchdog", async () => {
    const ext = await extensionDir({ name: "docker-reaping" });
    const daemon = await spawnDaemon(
      ["--extension", ext.dir, "--listen", "127.0.0.1:0", "--vm-container", bridge.container.id],
      { DDBRIDGE_TOKEN: TOKEN },
    );
    const killed = createClient(Exec, createNodeTransport({ url: daemon.url, token: TOKEN }));
    const abort = new AbortController();
    const pids: number[] = [];
    const runs = Array.from({ length: 3 }, () =>
      (async () => {
        for await (const r of killed.run(
          { target: Target.VM, command: "./setsid-child" },
          { signal: abort.signal },
        )) {
          if (r.event.case === "output")
            pids.push(...Buffer.from(r.event.value.data).toString().trim().split(" ").map(Number));
        }
      })().catch(() => {}),
    );
    try {
      while (pids.length < 6) await new Promise((r) => setTimeout(r, 50));
      const ps = await psInContainer(bridge.container);
      assert.ok(pids.every((p) => ps.has(p)));
      daemon.child.kill("SIGKILL");
      await daemon.exit;
      abort.abort();
      await Promise.all(runs);
      for (let i = 0; i < 100; i++) {
        const now = await psInContainer(bridge.container);
        if (!pids.some((p) => now.has(p))) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.fail(`still running in the container: ${pids}`);
    } finally {
      daemon.child.kill("SIGKILL");
      await ext.remove();
    }
  });

  it("an abort at any moment of the start (create, start, first output) ends the command", async () => {
    const runner = createContainerRunner({
      engine: engine as DockerEngine,
      container: bridge.container.id,
      killGraceMs: 500,
    });
    for (let delay = 0; delay <= 40; delay += 4) {
      const abort = new AbortController();
      setTimeout(() => abort.abort(), delay);
      const ended = (async () => {
        try {
          for await (const _ of runner.run(
            { command: "sleep", args: [String(5000 + delay)], cwd: "", env: {} },
            abort.signal,
          ));
        } catch {
          // aborted before it started: fine
        }
        return "ended";
      })();
      const timeout = new Promise((r) => setTimeout(() => r("hung"), 5000).unref());
      assert.equal(await Promise.race([ended, timeout]), "ended", `abort after ${delay} ms`);
    }
    const left = [...(await psInContainer(bridge.container)).values()].filter((a) =>
      /^sleep 50\d\d$/.test(a),
    );
    assert.deepEqual(left, []);
  });

  it("a stopped container is UNAVAILABLE, and works again once started", async () => {
    await bridge.container.stop({ t: 0 });
    const down = await codeOf(runToEnd(exec, { target: Target.VM, command: "true" }));
    assert.equal(down.code, Code.Unavailable);
    assert.match(down.message, /is not running/);
    await bridge.container.start();
    const r = await runToEnd(exec, { target: Target.VM, command: "echo", args: ["back"] });
    assert.equal(r.stdout, "back\n");
  });

  it("a container that does not exist is UNAVAILABLE, naming it", async () => {
    const runner = createContainerRunner({
      engine: engine as DockerEngine,
      container: "ddbridge-no-such-container",
      killGraceMs: 500,
    });
    const gone = await codeOf(
      (async () => {
        for await (const _ of runner.run(
          { command: "true", args: [], cwd: "", env: {} },
          new AbortController().signal,
        ));
      })(),
    );
    assert.equal(gone.code, Code.Unavailable);
    assert.match(gone.message, /No such container/i);
  });

  it("runs the docker CLI against the same engine (TARGET_DOCKER)", async () => {
    const r = await runToEnd(exec, {
      target: Target.DOCKER,
      command: "ps",
      args: ["--filter", `id=${bridge.container.id}`, "--format", "{{.ID}}"],
    });
    assert.equal(r.stdout.trim(), bridge.container.id.slice(0, 12));
    assert.equal(r.close?.exitCode, 0);
  });

  it("lists containers and images as the Engine API does, with filters", async () => {
    const docker = createClient(DockerService, bridge.transport());
    const containers = JSON.parse(
      (await docker.listContainers({ filtersJson: JSON.stringify({ label: [TEST_LABEL] }) })).json,
    ) as Array<{ Id: string; Labels: Record<string, string> }>;
    assert.ok(containers.some((c) => c.Id === bridge.container.id));
    assert.ok(containers.every((c) => TEST_LABEL in c.Labels));
    const images = JSON.parse((await docker.listImages({})).json) as Array<{ RepoTags: string[] }>;
    assert.ok(images.some((i) => i.RepoTags?.includes("ddbridge-test/busybox:latest")));
    const bad = await codeOf(docker.listContainers({ filtersJson: "{nope" }));
    assert.equal(bad.code, Code.InvalidArgument);
    const refused = await codeOf(
      docker.listContainers({ filtersJson: JSON.stringify({ nosuchfilter: ["x"] }) }),
    );
    assert.equal(refused.code, Code.InvalidArgument);
  });
});

describe("Exec.Session in a container (Engine API: AttachStdin, Tty, exec resize)", {
  skip,
}, () => {
  let bridge: TestBridge & { container: Docker.Container };
  let exec: ReturnType<typeof createClient<typeof Exec>>;
  before(async () => {
    bridge = await dockerBridge();
    exec = createClient(Exec, bridge.transport());
  });
  after(() => bridge?.close());

  it("cat returns exactly the bytes written (1 MiB of binary, in order), end of input reaching the exec", async () => {
    const s = openSession(exec, {
      case: "start",
      value: { run: { target: Target.VM, command: "cat" } },
    });
    const data = randomBytes(1024 * 1024);
    for (let i = 0; i < data.length; i += 50_000) {
      s.send({ case: "input", value: data.subarray(i, i + 50_000) });
    }
    s.send({ case: "endInput", value: {} });
    assert.deepEqual(await s.done, { exitCode: 0, signal: "" });
    assert.ok(s.stdout().equals(data), `got ${s.stdout().length} bytes, not the 1 MiB written`);
  });

  it("with a TTY: the asked size, a resize followed, input echoed, the exit code returned", async () => {
    const s = openSession(exec, {
      case: "start",
      value: { run: { target: Target.VM, command: "sh" }, tty: { cols: 91, rows: 33 } },
    });
    s.send({ case: "input", value: Buffer.from("stty size\n") });
    await s.waitFor("33 91");
    s.send({ case: "resize", value: { cols: 120, rows: 40 } });
    s.send({ case: "input", value: Buffer.from("stty size\n") });
    await s.waitFor("40 120");
    s.send({ case: "input", value: Buffer.from("echo hi\n") });
    await s.waitFor(/(\n|# )hi\r\n/);
    s.send({ case: "input", value: Buffer.from("exit 5\n") });
    assert.deepEqual(await s.done, { exitCode: 5, signal: "" });
  });

  it("ddbridge exec --container: another container of the engine, through the daemon's docker CLI (-i piped, -it in a terminal)", async () => {
    const env = { ...process.env, DDBRIDGE_TOKEN: TOKEN };
    const id = bridge.container.id;
    const piped = await runProcess(
      process.execPath,
      [DDBRIDGE_BIN, "exec", "--url", bridge.url, "--container", id, "-i", "cat"],
      { input: "through docker exec -i\n", env },
    );
    assert.deepEqual(piped, { code: 0, stdout: "through docker exec -i\n", stderr: "" });

    const term = pty.spawn(
      process.execPath,
      [DDBRIDGE_BIN, "exec", "--url", bridge.url, "--container", id, "-it", "sh"],
      { cols: 77, rows: 21, env: env as Record<string, string> },
    );
    let screen = "";
    term.onData((d) => {
      screen += d;
    });
    const exited = new Promise<number>((r) => term.onExit((e) => r(e.exitCode)));
    await eventually(() => /# $/.test(screen), 10_000);
    term.write("stty size\r");
    await eventually(() => screen.includes("21 77"), 10_000);
    term.write("exit 6\r");
    assert.equal(await exited, 6);
  });

  it("cancelling the session kills the command in the container", async () => {
    const abort = new AbortController();
    const s = openSession(
      exec,
      {
        case: "start",
        value: {
          run: { target: Target.VM, command: "sh", args: ["-c", "echo $$; exec sleep 60"] },
        },
      },
      { signal: abort.signal },
    );
    const pid = Number((await s.waitFor(/\d+\n/)).trim());
    assert.ok((await psInContainer(bridge.container)).has(pid));
    abort.abort();
    await assert.rejects(s.done);
    await eventually(async () => !(await psInContainer(bridge.container)).has(pid));
  });
});
