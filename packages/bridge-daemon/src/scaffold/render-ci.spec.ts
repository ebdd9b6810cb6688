import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { INIT_TEMPLATE } from "@ddbridge/testing";
import { parse } from "yaml";
import { planScaffold, type ScaffoldPlan } from "./plan-scaffold.js";
import { readProjectFiles } from "./project-files.js";
import { renderGithubWorkflow, renderGitlabJob } from "./render-ci.js";

/** The plan for docker extension init's template, with the UI's lockfile and a go.sum. */
const TEMPLATE = planScaffold(await readProjectFiles(INIT_TEMPLATE));
const PLAN: ScaffoldPlan = {
  ...TEMPLATE,
  ui: { ...TEMPLATE.ui!, install: "npm ci --prefix ui", lockfile: true },
  go: { modFile: "backend/go.mod", sumFile: "backend/go.sum" },
  // The template has no node_modules: the version a repository would have installed.
  playwrightVersion: "1.65.1",
};

interface Workflow {
  jobs: {
    e2e: {
      strategy: { matrix: { "backend-mode": string[] } };
      env: Record<string, string>;
      steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }>;
    };
  };
}

describe("renderGithubWorkflow", () => {
  it("runs both modes, installs both packages, uploads test-results/ and the report", () => {
    const wf = parse(renderGithubWorkflow(PLAN)) as Workflow;
    const job = wf.jobs.e2e;
    assert.deepEqual(job.strategy.matrix["backend-mode"], ["process", "up"]);
    assert.equal(job.env.BACKEND_MODE, `\${{ matrix.backend-mode }}`);
    assert.deepEqual(
      job.steps.filter((s) => s.run).map((s) => s.run),
      [
        "npm ci",
        "npm ci --prefix ui",
        "npx playwright install --with-deps chromium",
        "npx playwright test",
      ],
    );
    const go = job.steps.find((s) => s.uses?.startsWith("actions/setup-go"));
    assert.deepEqual(go?.with, {
      "go-version-file": "backend/go.mod",
      "cache-dependency-path": "backend/go.sum",
    });
    const upload = job.steps.find((s) => s.uses?.startsWith("actions/upload-artifact"));
    assert.match(String(upload?.with?.path), /test-results\/\nplaywright-report\//);
  });

  it("leaves out what the repository has not: Go, a UI package, a Dockerfile", () => {
    const wf = parse(
      renderGithubWorkflow({ ...PLAN, go: undefined, ui: undefined, hasDockerfile: false }),
    ) as Workflow;
    assert.deepEqual(wf.jobs.e2e.strategy.matrix["backend-mode"], ["process"]);
    assert.equal(
      wf.jobs.e2e.steps.find((s) => s.uses?.startsWith("actions/setup-go")),
      undefined,
    );
    assert.ok(!wf.jobs.e2e.steps.some((s) => s.run?.includes("--prefix ui")));
  });
});

describe("renderGitlabJob", () => {
  it("runs the workflow's commands in Playwright's image of the installed version", () => {
    const job = (parse(renderGitlabJob(PLAN)) as Record<string, Record<string, unknown>>)[
      "extension-e2e"
    ]!;
    assert.equal(job.image, "mcr.microsoft.com/playwright:v1.65.1-noble");
    assert.match(renderGitlabJob({ ...PLAN, playwrightVersion: undefined }), /\(set it\)/);
    assert.deepEqual(job.script, ["npm ci", "npm ci --prefix ui", "npx playwright test"]);
    assert.deepEqual(job.parallel, { matrix: [{ BACKEND_MODE: ["process", "up"] }] });
  });
});
