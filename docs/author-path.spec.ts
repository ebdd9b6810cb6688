import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import {
  authorEnv,
  chromiumSkip,
  cleanRun,
  dockerForTests,
  ensureStandInImages,
  eventually,
  freePort,
  initTemplateRepo,
  isAlive,
  launchChromium,
  packInto,
  playwrightTest,
  REPO_ROOT,
  removeStandInImages,
  sh,
  type TempDir,
  tempDir,
} from "@ddbridge/testing";
import { codeBlocks, shellCommands } from "./markdown-blocks.js";

/**
 * Runs the README's quick start for extension authors, command by command,
 * from an empty folder: an extension made as `docker extension init` makes
 * it (packages/testing/init-template, its UI installed), a clone of ddbridge
 * beside it holding the packed tarballs, a HOME of its own. Substitutions,
 * each for a reason outside ddbridge:
 *   - `@playwright/test` is pinned to the version this repository tests;
 *   - the template's dev-server port 3000 is a free port (in vite.config.ts,
 *     and so in the commands and in what init-tests reads);
 *   - `npx playwright install chromium` downloads a browser, which cannot be
 *     reached here: CHROMIUM=/usr/bin/chromium stands in, as the config
 *     init-tests writes documents;
 *   - `serve --open` also gets `--listen 127.0.0.1:0`, and BROWSER records
 *     the URL, which the test opens in Chromium;
 *   - BACKEND_MODE=up builds the template's Dockerfile, whose base images
 *     (golang, node, alpine) come from a registry: stand-ins made from this
 *     machine's Go, Node and busybox take their names (ensureStandInImages).
 */
const README = await readFile(join(REPO_ROOT, "README.md"), "utf8");
const section = README.split("## Quick start: extension authors")[1]!.split("\n## ")[0]!;
const [install, devLoop, tests] = codeBlocks(section)
  .filter((b) => b.lang === "sh")
  .map((b) => shellCommands(b.code));
const docker = await dockerForTests();
const run = promisify(execFile);

/** A figure the README states, e.g. "**22 MiB**" after `before`. */
function statedMiB(before: RegExp): number {
  const m = new RegExp(`${before.source}[^*]*\\*\\*(\\d+) MiB\\*\\*`).exec(section);
  assert.ok(m, `the README states ${before}`);
  return Number(m[1]);
}

/** node_modules' size, as `du` counts it. */
async function sizeMiB(dir: string): Promise<number> {
  const { stdout } = await run("du", ["-sm", join(dir, "node_modules")]);
  return Number(stdout.split("\t")[0]);
}

describe("the README's quick start for extension authors, from an empty folder", {
  skip: chromiumSkip(),
  timeout: 1_500_000,
}, () => {
  let tmp: TempDir;
  let project: string;
  let env: NodeJS.ProcessEnv;
  let port: number;
  let standIns: string[] = [];

  before(async () => {
    tmp = await tempDir("ddbridge-author-");
    await mkdir(join(tmp.dir, "home"));
    env = authorEnv(join(tmp.dir, "home"), join(tmp.dir, "npm-cache"));
    await packInto(join(tmp.dir, "ddbridge"));
    project = join(tmp.dir, "my-extension");
    port = await freePort();
    await initTemplateRepo(project, env, port);
  });

  after(async () => {
    if (docker.engine) await removeStandInImages(docker.engine, standIns);
    await tmp?.remove();
  });

  it("has the blocks it runs: install, the dev loop, the tests", () => {
    assert.deepEqual(install, [
      "mkdir -p vendor && cp ../ddbridge/dist-packages/*.tgz vendor/",
      "npm i -D ./vendor/*.tgz @playwright/test",
    ]);
    assert.equal(devLoop?.length, 2);
    assert.deepEqual(tests, [
      "npx ddbridge init-tests",
      "npx playwright install chromium",
      "npx playwright test",
      "BACKEND_MODE=up npx playwright test",
    ]);
  });

  it("installs from the tarballs kept in vendor/: quietly, at the sizes the README states", async (t) => {
    await sh(install![0]!, project, env);
    const vendored = (await readdir(join(project, "vendor"))).filter((f) => f.endsWith(".tgz"));
    assert.equal(vendored.length, 6);
    assert.match(section, /the six of them/);
    const output = await sh(
      install![1]!.replace("@playwright/test", "@playwright/test@1.65.1"),
      project,
      env,
    );
    assert.doesNotMatch(output, /install-scripts|npm warn/, "no warnings, no scripts to approve");
    const pkg = JSON.parse(await readFile(join(project, "package.json"), "utf8"));
    assert.match(pkg.devDependencies["@ddbridge/playwright"], /^file:vendor\//);

    // The daemon alone, as someone who only wants `serve` installs it.
    const lean = join(tmp.dir, "lean");
    await mkdir(lean);
    const daemonOnly = vendored
      .filter((f) => !f.includes("playwright"))
      .map((f) => join(project, "vendor", f));
    const leanOutput = await sh(`npm i -D ${daemonOnly.join(" ")}`, lean, env);
    assert.doesNotMatch(leanOutput, /install-scripts|npm warn/);
    const sizes = { daemon: await sizeMiB(lean), withPlaywright: await sizeMiB(project) };
    t.diagnostic(`node_modules: ${JSON.stringify(sizes)} MiB`);
    for (const [measured, stated] of [
      [sizes.daemon, statedMiB(/adds/)],
      [
        sizes.withPlaywright,
        statedMiB(/with `@ddbridge\/playwright` and\s+`@playwright\/test` it is/),
      ],
    ] as const) {
      assert.ok(
        Math.abs(measured - stated) <= Math.max(2, stated * 0.1),
        `README says ${stated} MiB, measured ${measured} MiB: update the README`,
      );
    }
    assert.match(
      (await sh("npx ddbridge --version", project, env)).trim(),
      /^ddbridge \d+\.\d+\.\d+$/,
    );
  });

  it("the dev loop: the author's dev server, serve --ui-source --open, the UI calling its backend in Chromium", async () => {
    const children: ChildProcess[] = [];
    const start = (command: string, cwd: string, childEnv = env) => {
      const child = spawn("bash", ["-c", `exec ${command}`], {
        cwd,
        env: childEnv,
        detached: true,
      });
      let output = "";
      child.stdout!.on("data", (d) => (output += d));
      child.stderr!.on("data", (d) => (output += d));
      children.push(child);
      return { child, output: () => output };
    };
    try {
      // The author's backend, where metadata.json says: backend.sock under the guest-services folder.
      const socket = join(env.HOME!, ".ddbridge", "guest-services", "backend.sock");
      await mkdir(join(env.HOME!, ".ddbridge", "guest-services"), { recursive: true });
      const backend = start(`go run . -socket ${socket}`, join(project, "backend"));
      assert.ok(
        await eventually(
          () =>
            stat(socket).then(
              () => true,
              () => false,
            ),
          120_000,
        ),
        `the backend did not listen:\n${backend.output()}`,
      );
      const [dev, serve] = devLoop!;
      const devServer = start(dev!, project);
      assert.ok(
        await eventually(
          () =>
            fetch(`http://localhost:${port}/`).then(
              (r) => r.ok,
              () => false,
            ),
          60_000,
        ),
        `the dev server did not answer:\n${devServer.output()}`,
      );
      const opened = join(tmp.dir, "opened");
      const browser = join(tmp.dir, "record-url");
      await writeFile(
        browser,
        `#!${process.execPath}\nrequire("node:fs").writeFileSync(${JSON.stringify(opened)}, process.argv[2]);\n`,
        { mode: 0o755 },
      );
      const daemon = start(
        `${serve!.replaceAll("3000", String(port))} --listen 127.0.0.1:0`,
        project,
        { ...env, BROWSER: browser },
      );
      assert.ok(
        await eventually(
          () =>
            readFile(opened, "utf8").then(
              () => true,
              () => false,
            ),
          60_000,
        ),
        `serve --open opened nothing:\n${daemon.output()}`,
      );
      const url = await readFile(opened, "utf8");
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/#ddbridge-code=c1\./);

      const chromium = await launchChromium();
      try {
        const page = await chromium.newPage();
        const errors: string[] = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.goto(url);
        await page.getByRole("button", { name: "Call backend" }).click();
        await page.getByText('{"Message":"hello"}').waitFor({ timeout: 15_000 });
        assert.deepEqual(errors, []);
      } finally {
        await chromium.close();
      }
    } finally {
      for (const c of children) {
        try {
          process.kill(-c.pid!, "SIGTERM");
        } catch {}
      }
      await Promise.all(
        children.map((c) =>
          c.exitCode === null && c.signalCode === null
            ? new Promise((r) => c.once("exit", r))
            : undefined,
        ),
      );
    }
    const pids = children.map((c) => c.pid!);
    assert.ok(await eventually(async () => pids.every((p) => !isAlive(p))), "all stopped");
  });

  it("init-tests writes the suite; npx playwright test passes with the backend from source", async (t) => {
    const [initTests, , processMode] = tests!;
    const said = await sh(initTests!, project, env);
    assert.match(said, /Backend: go run \. -socket \{socket\} \(in backend\/\)/);
    assert.match(said, new RegExp(`UI: npm run dev --prefix ui, at http://localhost:${port}`));
    for (const f of [
      "playwright.config.ts",
      "e2e/extension.spec.ts",
      ".github/workflows/extension-e2e.yml",
    ]) {
      await stat(join(project, f));
    }
    // Never over what exists: a second run writes nothing and says why.
    await assert.rejects(sh(initTests!, project, env), /not written, these files exist/);

    await cleanRun(project);
    const r = await playwrightTest(processMode!, project, env);
    assert.equal(r.passed, 2, r.output);
    t.diagnostic(`process mode: ${r.firstTestMs} ms from npx playwright test to the first test`);
  });

  it("BACKEND_MODE=up npx playwright test passes with the image the template's Dockerfile builds", {
    skip: docker.skip ?? false,
  }, async (t) => {
    const upMode = tests![3]!;
    standIns = await ensureStandInImages(
      docker.engine!,
      await readFile(join(project, "Dockerfile"), "utf8"),
      { npmCache: env.npm_config_cache },
    );
    await cleanRun(project);
    const r = await playwrightTest(upMode, project, env);
    assert.equal(r.passed, 2, r.output);
    t.diagnostic(`up mode: ${r.firstTestMs} ms from npx playwright test to the first test`);
    const left = await docker.engine!.api.listContainers({
      all: true,
      filters: { label: ["io.ddbridge.extension"] },
    });
    assert.deepEqual(left, [], "down removed the backend");
  });
});
