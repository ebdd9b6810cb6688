import { resolve } from "node:path";
import { planScaffold } from "../scaffold/plan-scaffold.js";
import { readProjectFiles } from "../scaffold/project-files.js";
import { renderGithubWorkflow, renderGitlabJob } from "../scaffold/render-ci.js";
import { renderFirstSpec } from "../scaffold/render-first-spec.js";
import { renderPlaywrightConfig } from "../scaffold/render-playwright-config.js";
import { type ScaffoldFile, writeScaffold } from "../scaffold/write-scaffold.js";
import { withDefaults } from "./flags.js";
import { UsageError } from "./usage-error.js";

/** The CI systems init-tests writes a job for. */
const CI_SYSTEMS = ["github", "gitlab", "none"] as const;

/**
 * `ddbridge init-tests [DIR]`: writes the end-to-end tests of an extension
 * repository (playwright.config.ts, a first spec, a CI job) from its
 * metadata.json, Dockerfile and UI package, so an author starts from a
 * suite that runs, not from the docs.
 */
export async function runInitTests(
  positionals: string[],
  flags: { force?: boolean; ci?: string },
): Promise<number> {
  const [target = ".", ...extra] = positionals;
  if (extra.length) throw new UsageError("init-tests takes at most one DIR");
  const ci = withDefaults(flags)
    .ci!.split(",")
    .map((c) => c.trim());
  for (const c of ci) {
    if (!(CI_SYSTEMS as readonly string[]).includes(c)) {
      throw new UsageError(
        `--ci takes ${CI_SYSTEMS.join(", ")} (comma-separated), not ${JSON.stringify(c)}`,
      );
    }
  }
  const dir = resolve(target);
  const plan = planScaffold(await readProjectFiles(dir));
  const files: ScaffoldFile[] = [
    { path: "playwright.config.ts", text: renderPlaywrightConfig(plan) },
    { path: "e2e/extension.spec.ts", text: renderFirstSpec(plan) },
    ...(ci.includes("github")
      ? [{ path: ".github/workflows/extension-e2e.yml", text: renderGithubWorkflow(plan) }]
      : []),
    ...(ci.includes("gitlab") ? [{ path: ".gitlab-ci.yml", text: renderGitlabJob(plan) }] : []),
  ];
  const result = await writeScaffold(dir, files, flags.force === true);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  if (result.refused.length) {
    process.stderr.write(
      `ddbridge init-tests: not written, these files exist: ${result.refused.join(", ")}\nRun again with --force to replace them (or move them away first).\n`,
    );
    return 1;
  }
  out(`Wrote, in ${dir}:`);
  for (const f of result.written) out(`  ${f}`);
  if (result.ignored.length) out(`  .gitignore: added ${result.ignored.join(" ")}`);
  out("");
  out(
    plan.backend
      ? `Backend: ${plan.backend.command.join(" ")} (in ${plan.backend.cwd}/)`
      : "Backend: none planned",
  );
  if (plan.ui) out(`UI: ${plan.ui.dev}, at ${plan.ui.url}`);
  for (const n of plan.backendNotes) out(`Check: ${n}`);
  out("");
  out("Next:");
  out("  npm i -D @playwright/test @ddbridge/playwright     (if not installed yet)");
  out("  npx playwright install chromium                   (or set CHROMIUM=/path/to/chromium)");
  out(
    "  npx playwright test                               the backend as a process, the UI from its dev server",
  );
  if (plan.hasDockerfile) {
    out(
      "  BACKEND_MODE=up npx playwright test               the image from your Dockerfile, through ddbridge up",
    );
  }
  return 0;
}
