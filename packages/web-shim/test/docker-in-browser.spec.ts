import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createContainerRunner } from "@ddbridge/bridge-daemon";
import {
  chromiumSkip,
  dockerForTests,
  launchChromium,
  newPage,
  removeTestContainers,
  startIdleContainer,
  startUiBridge,
  TEST_LABEL,
  TOKEN,
} from "@ddbridge/testing";
import type Docker from "dockerode";
import type { Browser, Page } from "playwright-core";

declare const window: Window & { ddClient: any };

const docker = await dockerForTests();

describe("ddClient.docker and the Docker VM runner in Chromium, against a real engine", {
  skip: chromiumSkip() ?? docker.skip,
}, () => {
  let browser: Browser;
  let bridge: Awaited<ReturnType<typeof startUiBridge>>;
  let page: Page;
  let container: Docker.Container;
  before(async () => {
    const engine = docker.engine!;
    container = await startIdleContainer(engine, { workdir: "/tmp" });
    bridge = await startUiBridge({
      ui: { root: join(import.meta.dirname, "conformance"), entry: "index.html" },
      vm: { runner: createContainerRunner({ engine, container: container.id, killGraceMs: 500 }) },
      docker: { engine, cli: "docker" },
    });
    browser = await launchChromium();
    page = await newPage(browser);
    await page.goto(`${bridge.url}/#ddbridge-token=${TOKEN}`);
  });
  after(async () => {
    await browser?.close();
    await bridge?.close();
    if (docker.engine) await removeTestContainers(docker.engine);
  });

  it("docker.cli.exec reads arguments as Desktop does: buffered as shell words, stream as given (extensions-sdk#303)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ddbridge-mount-"));
    writeFileSync(join(dir, "f"), "mounted\n");
    try {
      const r = await page.evaluate(
        async ({ id, dir }) => {
          const dd = window.ddClient;
          const stream = (args: string[]) =>
            new Promise<{ out: string; err: string; code: number }>((resolve) => {
              let out = "";
              let err = "";
              dd.docker.cli.exec(args[0], args.slice(1), {
                stream: {
                  onOutput: (o: any) => {
                    out += o.stdout ?? "";
                    err += o.stderr ?? "";
                  },
                  onError: (e: any) => resolve({ out, err: String(e), code: -1 }),
                  onClose: (code: number) => resolve({ out, err, code }),
                },
              });
            });
          const mount = `type=bind,source="${dir}",target=/m`;
          const run = ["run", "--rm", "--network", "none", "--mount", mount];
          return {
            wholeLine: (await dd.docker.cli.exec("exec", [id, '/bin/sh -c "echo whole line"']))
              .stdout,
            template: (
              await dd.docker.cli.exec("inspect", ["--format", '"{{ .State.Running }}"', id])
            ).stdout,
            streamTemplate: (await stream(["inspect", "--format", "{{ .State.Running }}", id])).out,
            mountBuffered: (
              await dd.docker.cli.exec(run[0], [
                ...run.slice(1),
                "ddbridge-test/busybox",
                "cat",
                "/m/f",
              ])
            ).stdout,
            mountStream: await stream([...run, "ddbridge-test/busybox", "cat", "/m/f"]),
            v0Line: (await dd.execDockerCmd("exec", id, "/bin/sh", "-c", "'echo v0 line'")).stdout,
          };
        },
        { id: container.id, dir },
      );
      assert.equal(r.wholeLine, "whole line\n");
      assert.equal(r.template, "true\n");
      assert.equal(r.streamTemplate, "true\n");
      assert.equal(r.mountBuffered, "mounted\n");
      assert.notEqual(r.mountStream.code, 0);
      assert.match(r.mountStream.err, /bare " in non-quoted-field/);
      assert.equal(r.v0Line, "v0 line\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("docker.cli.exec (buffered with parseJsonLines, and streaming), listContainers, listImages, and the v0 forms", async () => {
    const r = await page.evaluate(
      async ({ id, label }) => {
        const dd = window.ddClient;
        const filters = JSON.stringify({ label: [label] });
        const ps = await dd.docker.cli.exec("ps", [
          "--filter",
          `label=${label}`,
          "--format",
          '"{{json .}}"',
        ]);
        const streamed = await new Promise<string[]>((resolve, reject) => {
          const lines: string[] = [];
          dd.docker.cli.exec("inspect", ["--format", "{{.Id}}", id], {
            stream: {
              splitOutputLines: true,
              onOutput: (o: any) => o.stdout && lines.push(o.stdout),
              onError: reject,
              onClose: (code: number) => resolve([...lines, `exit ${code}`]),
            },
          });
        });
        const failing = await dd.docker.cli
          .exec("inspect", ["no-such-container-xyz"])
          .catch((e: any) => ({ code: e.code, stderr: e.stderr }));
        return {
          ps: ps.parseJsonLines().map((c: any) => c.ID),
          streamed,
          failing,
          containers: (await dd.docker.listContainers({ filters })).map((c: any) => c.Id),
          allContainers: (
            await dd.docker.listContainers({ all: true, filters: { label: [label] } })
          ).length,
          images: (await dd.docker.listImages()).flatMap((i: any) => i.RepoTags ?? []),
          v0Containers: (await dd.listContainers({ filters })).length,
          v0Cmd: (await dd.execDockerCmd("inspect", "--format", "{{.State.Running}}", id)).stdout,
          inContainer: (await dd.backend.execInContainer(id, "echo in the container")).stdout,
          vm: (await dd.extension.vm.cli.exec("pwd", [])).stdout,
        };
      },
      { id: container.id, label: TEST_LABEL },
    );
    assert.deepEqual(r.ps, [container.id.slice(0, 12)]);
    assert.deepEqual(r.streamed, [container.id, "exit 0"]);
    assert.equal(r.failing.code, 1);
    assert.match(r.failing.stderr, /no-such-container-xyz/);
    assert.deepEqual(r.containers, [container.id]);
    assert.equal(r.allContainers, 1);
    assert.ok(r.images.includes("ddbridge-test/busybox:latest"));
    assert.equal(r.v0Containers, 1);
    assert.equal(r.v0Cmd, "true\n");
    assert.equal(r.inContainer, "in the container\n");
    assert.equal(r.vm, "/tmp\n");
  });
});
