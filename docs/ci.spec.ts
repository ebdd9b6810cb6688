import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { cp, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import {
  CHROMIUM_PATH,
  chromiumSkip,
  dockerForTests,
  eventually,
  freePort,
  type TempDir,
  tempDir,
} from "@ddbridge/testing";
import { parse } from "yaml";
import { codeBlocks } from "./markdown-blocks.js";

/**
 * Runs docs/ci.md's GitHub Actions workflow, step by step, as a script on this
 * machine, in a copy of examples/react-extension made into a repository of
 * its own. The differences, as docs/ci.md states them: `uses:` steps are
 * GitHub's (the copy is the checkout; Node and Go are here already);
 * `playwright install` downloads a browser, which cannot be reached here, so
 * Debian's Chromium stands in (CHROMIUM); `up` uses the suite's private
 * dockerd; and the Vite dev server gets a free port (PORT) rather than 3000.
 */
const ROOT = resolve(import.meta.dirname, "..");
const SAMPLE = join(ROOT, "examples", "react-extension");
const CI_MD = await readFile(join(import.meta.dirname, "ci.md"), "utf8");
const run = promisify(execFile);
const docker = await dockerForTests();

interface Step {
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}

/** The YAML block of a section of docs/ci.md, parsed. */
function yamlOf(heading: string): unknown {
  const section = CI_MD.split(`## ${heading}`)[1]!.split("\n## ")[0]!;
  const block = codeBlocks(section).find((b) => b.lang === "yaml");
  assert.ok(block, `docs/ci.md: no yaml block under "${heading}"`);
  return parse(block.code);
}

const workflow = yamlOf("GitHub Actions") as { jobs: { e2e: { steps: Step[] } } };
const gitlab = yamlOf("GitLab CI") as { e2e: { script: string[] } };
const steps = workflow.jobs.e2e.steps;

/** A step's command as a shell line, its env in front (the form GitLab's script uses). */
const asLine = (s: Step) =>
  [...Object.entries(s.env ?? {}).map(([k, v]) => `${k}=${v}`), s.run!.trim()].join(" ");

describe("docs/ci.md", () => {
  it("has a GitLab job that runs the workflow's commands", () => {
    const commands = steps.filter((s) => s.run && !/playwright install/.test(s.run)).map(asLine);
    assert.deepEqual(gitlab.e2e.script, commands);
  });

  describe("the GitHub Actions workflow, run as a script here", {
    skip: chromiumSkip(),
    timeout: 900_000,
  }, () => {
    let tmp: TempDir;
    let repo: string;
    before(async () => {
      tmp = await tempDir("ddbridge-ci-recipe-");
      repo = join(tmp.dir, "my-extension");
      await cp(SAMPLE, repo, {
        recursive: true,
        filter: (src) => !/[/\\](node_modules|bin|build|test-results)$/.test(src),
      });
      // The author's repository before the packages are published: package.json names
      // the tarballs, and the lockfiles are committed (made here with npm install).
      const packs = await run(process.execPath, [
        join(ROOT, "scripts", "pack.mjs"),
        "--out",
        join(tmp.dir, "packs"),
      ]);
      const tarballs = packs.stdout.split("\n").filter((l) => l.endsWith(".tgz"));
      const pkg = JSON.parse(await readFile(join(repo, "package.json"), "utf8"));
      for (const name of Object.keys(pkg.devDependencies)) {
        const tgz = tarballs.find((t) => t.includes(`${name.replace("@ddbridge/", "ddbridge-")}-`));
        if (name.startsWith("@ddbridge/")) pkg.devDependencies[name] = `file:${tgz}`;
      }
      await writeFile(join(repo, "package.json"), JSON.stringify(pkg, null, 2));
      // The sample's ui/package.json also serves this repository's own UI tests
      // (ui/test), whose helpers are a workspace package; an author has no such line.
      const ui = JSON.parse(await readFile(join(repo, "ui", "package.json"), "utf8"));
      for (const [name, v] of Object.entries(ui.devDependencies as Record<string, string>)) {
        if (v.startsWith("workspace:")) delete ui.devDependencies[name];
      }
      await writeFile(join(repo, "ui", "package.json"), JSON.stringify(ui, null, 2));
      const npmInstall = ["install", "--no-audit", "--no-fund"];
      await run("npm", npmInstall, { cwd: repo, timeout: 300_000 });
      await run("npm", [...npmInstall, "--prefix", "ui"], { cwd: repo, timeout: 300_000 });
    });
    after(() => tmp?.remove());

    for (const [i, step] of steps.entries()) {
      const title = step.uses ?? asLine(step);
      const skip = step.uses
        ? "a GitHub action, not a command: the copy is the checkout, Node and Go are on this machine, reports stay in test-results/"
        : /playwright install/.test(step.run!)
          ? "downloads a browser, which cannot be reached here: Debian's Chromium stands in"
          : step.env?.BACKEND_MODE === "up"
            ? (docker.skip ?? false)
            : false;
      it(`step ${i + 1}: ${title}`, { skip }, async () => {
        const port = await freePort();
        const child = spawn("bash", ["-e", "-c", step.run!], {
          cwd: repo,
          env: {
            ...process.env,
            CI: "true",
            CHROMIUM: CHROMIUM_PATH,
            PORT: String(port),
            ...step.env,
          },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (d) => (output += d));
        child.stderr.on("data", (d) => (output += d));
        const code = await new Promise((r) => child.once("exit", r));
        assert.equal(code, 0, output);
        if (/playwright test/.test(step.run!)) {
          assert.match(output, /\d+ passed/);
          assert.doesNotMatch(output, /\d+ failed/);
          if (docker.engine) {
            const left = await docker.engine.api.listContainers({
              all: true,
              filters: { label: ["io.ddbridge.extension"] },
            });
            assert.deepEqual(left, [], "no container left behind");
          }
        }
        assert.ok(
          await eventually(async () => !(await busyIn(repo))),
          "a process still works in the repo",
        );
      });
    }
  });
});

/** Whether a process still has its working directory in `dir`. */
async function busyIn(dir: string): Promise<boolean> {
  const { stdout } = await run("sh", ["-c", "ls -l /proc/[0-9]*/cwd 2>/dev/null || true"], {
    maxBuffer: 1 << 24,
  });
  return stdout.split("\n").some((l) => l.includes(`-> ${dir}`));
}
