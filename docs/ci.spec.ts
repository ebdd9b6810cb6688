import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { access, mkdir, readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import {
  authorEnv,
  chromiumSkip,
  dockerForTests,
  ensureStandInImages,
  eventually,
  freePort,
  initTemplateRepo,
  packInto,
  playwrightTest,
  REPO_ROOT,
  removeStandInImages,
  sh,
  type TempDir,
  tempDir,
} from "@ddbridge/testing";
import { parse } from "yaml";
import { codeBlocks, shellCommands } from "./markdown-blocks.js";

/**
 * Runs docs/ci.md: an extension made from docker extension init's template,
 * set up as the README's quick start and ci.md say (tarballs in vendor/,
 * `init-tests --ci github,gitlab`), committed; the files must be the ones
 * ci.md shows; then, per BACKEND_MODE of the workflow's matrix, the
 * workflow's steps in a fresh clone with an empty npm cache. The
 * differences, as docs/ci.md states them: `uses:` steps are GitHub's (their
 * inputs must name files that exist); `playwright install` downloads a
 * browser, so Debian's Chromium stands in (CHROMIUM); `up` uses the suite's
 * dockerd, with stand-ins for the registry's base images; the template's
 * dev-server port is a free port.
 */
const CI_MD = await readFile(join(import.meta.dirname, "ci.md"), "utf8");
const README = await readFile(join(REPO_ROOT, "README.md"), "utf8");
const run = promisify(execFile);
const docker = await dockerForTests();

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Workflow {
  jobs: { e2e: { strategy: { matrix: { "backend-mode": string[] } }; steps: Step[] } };
}

/** The YAML block of a section of docs/ci.md, as text. */
function yamlOf(heading: string): string {
  const section = CI_MD.split(`## ${heading}`)[1]!.split("\n## ")[0]!;
  const block = codeBlocks(section).find((b) => b.lang === "yaml");
  assert.ok(block, `docs/ci.md: no yaml block under "${heading}"`);
  return block.code;
}

const workflowText = yamlOf("GitHub Actions");
const gitlabText = yamlOf("GitLab CI");
const workflow = parse(workflowText) as Workflow;
const steps = workflow.jobs.e2e.steps;
const modes = workflow.jobs.e2e.strategy.matrix["backend-mode"];
const initTests = shellCommands(
  codeBlocks(CI_MD.split("## Start from `init-tests`")[1]!.split("\n## ")[0]!)[0]!.code,
);
const install = shellCommands(
  codeBlocks(README.split("## Quick start: extension authors")[1]!)[0]!.code,
);

describe("docs/ci.md", { skip: chromiumSkip(), timeout: 1_500_000 }, () => {
  let tmp: TempDir;
  let repo: string;
  let authorCache: string;
  let standIns: string[] = [];

  before(async () => {
    tmp = await tempDir("ddbridge-ci-recipe-");
    await mkdir(join(tmp.dir, "home"));
    authorCache = join(tmp.dir, "npm-cache");
    const env = authorEnv(join(tmp.dir, "home"), authorCache);
    await packInto(join(tmp.dir, "ddbridge"));
    repo = join(tmp.dir, "my-extension");
    await initTemplateRepo(repo, env, await freePort());
    for (const command of install) {
      await sh(command.replace("@playwright/test", "@playwright/test@1.65.1"), repo, env);
    }
    for (const command of initTests) await sh(command, repo, env);
    await sh(
      "git init -q && git add -A && git -c user.name=author -c user.email=a@example.com commit -qm 'e2e tests'",
      repo,
      env,
    );
  });

  after(async () => {
    if (docker.engine) await removeStandInImages(docker.engine, standIns);
    await tmp?.remove();
  });

  it("shows the workflow and the GitLab job init-tests writes for the template", async () => {
    assert.deepEqual(initTests, ["npx ddbridge init-tests --ci github,gitlab"]);
    const written = await readFile(join(repo, ".github/workflows/extension-e2e.yml"), "utf8");
    const vite = await readFile(join(repo, "ui/vite.config.ts"), "utf8");
    const port = /port: (\d+)/.exec(vite)![1]!;
    // The port is the one thing the test changed in the template; the workflow does not name it.
    assert.ok(!written.includes(port));
    assert.equal(workflowText, written);
    assert.equal(gitlabText, await readFile(join(repo, ".gitlab-ci.yml"), "utf8"));
    const tracked = (await run("git", ["ls-files"], { cwd: repo })).stdout;
    for (const f of [
      "vendor/ddbridge-playwright-0.1.0.tgz",
      "package-lock.json",
      "ui/package-lock.json",
    ]) {
      assert.match(tracked, new RegExp(`^${f}$`, "m"), `${f} is committed`);
    }
    assert.doesNotMatch(tracked, /node_modules\//);
  });

  it("has a GitLab job that runs the workflow's commands", () => {
    const job = (parse(gitlabText) as Record<string, { script: string[] }>)["extension-e2e"]!;
    const commands = steps
      .filter((s) => s.run && !/playwright install/.test(s.run))
      .map((s) => s.run!.trim());
    assert.deepEqual(job.script, commands);
  });

  for (const mode of modes) {
    describe(`the workflow's job with BACKEND_MODE=${mode}, in a fresh clone with an empty npm cache`, {
      skip: mode === "up" ? (docker.skip ?? false) : false,
    }, () => {
      let checkout: string;
      let env: NodeJS.ProcessEnv;
      before(async () => {
        checkout = join(tmp.dir, `checkout-${mode}`);
        await run("git", ["clone", "-q", repo, checkout]);
        await mkdir(join(tmp.dir, `home-${mode}`));
        env = {
          ...authorEnv(join(tmp.dir, `home-${mode}`), join(tmp.dir, `empty-npm-cache-${mode}`)),
          CI: "true",
          BACKEND_MODE: mode,
        };
        if (mode === "up") {
          standIns = await ensureStandInImages(
            docker.engine!,
            await readFile(join(checkout, "Dockerfile"), "utf8"),
            { npmCache: authorCache },
          );
        }
      });

      for (const [i, step] of steps.entries()) {
        const title = `step ${i + 1}: ${step.uses ?? step.run}`;
        const skip = step.uses
          ? "a GitHub action, not a command: the clone is the checkout, Node and Go are on this machine (the files it names are checked)"
          : /playwright install/.test(step.run!)
            ? "downloads a browser, which cannot be reached here: Debian's Chromium stands in (CHROMIUM)"
            : false;
        it(title, async (t) => {
          if (step.uses) {
            for (const [key, value] of Object.entries(step.with ?? {})) {
              if (!/path|file/.test(key)) continue;
              for (const path of value
                .split("\n")
                .map((p) => p.trim())
                .filter(Boolean)) {
                await access(join(checkout, path)).catch(() => {
                  throw new Error(`${step.uses} ${key}: ${path} does not exist in the checkout`);
                });
              }
            }
            return t.skip(skip as string);
          }
          if (skip) return t.skip(skip);
          if (/playwright test/.test(step.run!)) {
            const r = await playwrightTest(step.run!, checkout, env);
            assert.equal(r.passed, 2, r.output);
            assert.doesNotMatch(r.output, /\d+ (failed|skipped)/);
            t.diagnostic(`${mode}: ${r.firstTestMs} ms from npx playwright test to the first test`);
            if (docker.engine) {
              const left = await docker.engine.api.listContainers({
                all: true,
                filters: { label: ["io.ddbridge.extension"] },
              });
              assert.deepEqual(left, [], "no container left behind");
            }
          } else {
            const output = await sh(step.run!, checkout, env);
            assert.doesNotMatch(output, /install-scripts/);
          }
          assert.ok(
            await eventually(async () => !(await busyIn(checkout))),
            "a process still works in the checkout",
          );
        });
      }

      it("leaves the artifacts the upload step names", async () => {
        for (const dir of ["test-results", "playwright-report"]) {
          await readdir(join(checkout, dir));
        }
      });
    });
  }
});

/** Whether a process still has its working directory in `dir`. */
async function busyIn(dir: string): Promise<boolean> {
  const { stdout } = await run("sh", ["-c", "ls -l /proc/[0-9]*/cwd 2>/dev/null || true"], {
    maxBuffer: 1 << 24,
  });
  return stdout.split("\n").some((l) => l.includes(`-> ${dir}`));
}
