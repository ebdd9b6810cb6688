import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { INIT_TEMPLATE } from "@ddbridge/testing";
import ts from "typescript";
import { planScaffold, type ScaffoldPlan } from "./plan-scaffold.js";
import { readProjectFiles } from "./project-files.js";
import { renderFirstSpec } from "./render-first-spec.js";
import { renderPlaywrightConfig } from "./render-playwright-config.js";

/** The plan for docker extension init's template, as init-tests makes it. */
const PLAN = planScaffold(await readProjectFiles(INIT_TEMPLATE));

/** TypeScript's syntax errors in `source`, as messages. */
function syntaxErrors(source: string): string[] {
  const out = ts.transpileModule(source, { reportDiagnostics: true, fileName: "x.ts" });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

const VARIANTS: Record<string, ScaffoldPlan> = {
  template: PLAN,
  "a backend left to the author": { ...PLAN, backend: undefined, backendNotes: ["set it"] },
  "UI only, no Dockerfile": { ...PLAN, backend: undefined, hasVm: false, hasDockerfile: false },
  "no UI package": { ...PLAN, ui: undefined },
};

describe("renderPlaywrightConfig and renderFirstSpec", () => {
  for (const [name, plan] of Object.entries(VARIANTS)) {
    it(`write TypeScript that parses, in lines of at most 100 characters: ${name}`, () => {
      for (const source of [renderPlaywrightConfig(plan), renderFirstSpec(plan)]) {
        assert.deepEqual(syntaxErrors(source), [], source);
        for (const line of source.split("\n")) assert.ok(line.length <= 100, line);
      }
    });
  }

  it("puts the plan in the config: the backend command, its folder, the dev server, the modes", () => {
    const config = renderPlaywrightConfig(PLAN);
    assert.match(
      config,
      /backend: \{ command: \["go", "run", ".", "-socket", "\{socket\}"\], cwd: "backend" \}/,
    );
    assert.match(config, /const uiUrl = "http:\/\/localhost:3000";/);
    assert.match(config, /command: "npm run dev --prefix ui",/);
    assert.match(config, /\{ dir: ".", backend: "up", args: \["--yes"\] \}/);
    assert.match(config, /process\.env\.CHROMIUM/);
    assert.doesNotMatch(config, /executablePath: "/, "no browser path is committed");
    const notes = renderPlaywrightConfig({ ...PLAN, backendNotes: ["look at this"] });
    assert.match(notes, /\/\/ Check: look at this\./);
  });

  it("tests the backend only when metadata.json declares one", () => {
    assert.match(renderFirstSpec(PLAN), /vm\.service/);
    assert.doesNotMatch(renderFirstSpec({ ...PLAN, hasVm: false }), /vm\.service\.get/);
  });
});
