import type { ScaffoldPlan } from "./plan-scaffold.js";

/** The Node version the workflows install: the active LTS line. */
const NODE_VERSION = "24";

/** The modes a CI run covers: the process mode always, `up` when there is a Dockerfile. */
function modes(plan: ScaffoldPlan): string[] {
  return plan.hasDockerfile ? ["process", "up"] : ["process"];
}

/**
 * `.github/workflows/extension-e2e.yml`: one job per BACKEND_MODE on a plain
 * ubuntu runner (Docker is there for `up`), Playwright's Chromium installed,
 * and test-results/ plus the HTML report uploaded whether the tests pass or not.
 */
export function renderGithubWorkflow(plan: ScaffoldPlan): string {
  const cachePaths = [
    "package-lock.json",
    ...(plan.ui?.lockfile ? [`${plan.ui.dir}/package-lock.json`] : []),
  ];
  const go = plan.go
    ? `      - uses: actions/setup-go@v5
        with:
          go-version-file: ${plan.go.modFile}
${plan.go.sumFile ? `          cache-dependency-path: ${plan.go.sumFile}\n` : "          cache: false\n"}`
    : "";
  return `# Written by \`ddbridge init-tests\`: the extension's end-to-end tests on a plain runner,
# without Docker Desktop. BACKEND_MODE=process runs the backend from source and the UI from its
# dev server; BACKEND_MODE=up builds the Dockerfile's image and runs it with ddbridge up.
name: extension-e2e
on:
  push:
  pull_request:

jobs:
  e2e:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        backend-mode: [${modes(plan).join(", ")}]
    env:
      BACKEND_MODE: \${{ matrix.backend-mode }}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: ${NODE_VERSION}
          cache: npm
          cache-dependency-path: |
${cachePaths.map((p) => `            ${p}`).join("\n")}
${go}      - run: npm ci
${plan.ui ? `      - run: ${plan.ui.install}\n` : ""}      - run: npx playwright install --with-deps chromium
      - run: npx playwright test
      - uses: actions/upload-artifact@v4
        if: \${{ !cancelled() }}
        with:
          name: e2e-\${{ matrix.backend-mode }}
          path: |
            test-results/
            playwright-report/
          retention-days: 14
`;
}

/**
 * `.gitlab-ci.yml`: the same commands in Playwright's own image (browsers
 * included), one job per BACKEND_MODE; the `up` job starts a Docker engine
 * in the job, since `ddbridge up` needs it on the same machine (privileged runner).
 */
export function renderGitlabJob(plan: ScaffoldPlan): string {
  const tag = plan.playwrightVersion ? `v${plan.playwrightVersion}-noble` : "v1.57.0-noble";
  const packages = ["docker.io", ...(plan.go ? ["golang-go"] : [])].join(" ");
  return `# Written by \`ddbridge init-tests\`: the extension's end-to-end tests in GitLab CI.
# The image's tag must match @playwright/test in package.json${plan.playwrightVersion ? "" : " (set it)"}.
# BACKEND_MODE=up runs dockerd inside the job: it needs a runner that allows privileged jobs.
extension-e2e:
  image: mcr.microsoft.com/playwright:${tag}
  parallel:
    matrix:
      - BACKEND_MODE: [${modes(plan).join(", ")}]
  variables:
    CI: "true"
  before_script:
    - apt-get update && apt-get install -y ${packages}
    - if [ "$BACKEND_MODE" = up ]; then (dockerd > /tmp/dockerd.log 2>&1 &); timeout 60 sh -c 'until docker info > /dev/null 2>&1; do sleep 1; done'; fi
  script:
    - npm ci
${plan.ui ? `    - ${plan.ui.install}\n` : ""}    - npx playwright test
  artifacts:
    when: always
    paths:
      - test-results/
      - playwright-report/
    expire_in: 2 weeks
`;
}
