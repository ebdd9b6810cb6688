import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { promisify } from "node:util";
import { CHROMIUM_PATH, chromiumSkip, type TempDir, tempDir } from "@ddbridge/testing";
import { leftovers, ROOT, runSuite } from "./sample-suite.js";

const run = promisify(execFile);

/** The fenced blocks of the README's "Three steps" section, dedented (they sit in a list). */
async function threeSteps(): Promise<{ lang: string; code: string }[]> {
  const readme = await readFile(join(import.meta.dirname, "..", "README.md"), "utf8");
  const section = readme.split("## Three steps")[1]!.split("\n## ")[0]!;
  return [...section.matchAll(/^( *)```(\w+)\n([\s\S]*?)^ *```/gm)].map((m) => ({
    lang: m[2]!,
    code: m[3]!.replace(new RegExp(`^${m[1]}`, "gm"), ""),
  }));
}

let project: TempDir;
let tarballs: string[];

before(async () => {
  project = await tempDir("ddbridge-readme-steps-");
  const packs = await run(process.execPath, [
    join(ROOT, "scripts", "pack.mjs"),
    "--out",
    join(project.dir, "packs"),
  ]);
  tarballs = packs.stdout.split("\n").filter((l) => l.endsWith(".tgz"));
});
after(() => project?.remove());

it("README's three steps test an extension folder in Chromium", {
  skip: chromiumSkip(),
  timeout: 600_000,
}, async () => {
  const [install, spec, runStep] = await threeSteps();
  assert.deepEqual(
    [install?.lang, spec?.lang, runStep?.lang],
    ["sh", "ts", "sh"],
    "install, write tests/ui.spec.ts, run",
  );
  // An extension folder: metadata.json and a UI.
  const dir = join(project.dir, "my-extension");
  await mkdir(join(dir, "ui"), { recursive: true });
  await mkdir(join(dir, "tests"));
  await writeFile(join(dir, "package.json"), '{ "name": "my-extension", "private": true }\n');
  await writeFile(
    join(dir, "metadata.json"),
    JSON.stringify({ ui: { "dashboard-tab": { title: "Mine", root: "/ui", src: "index.html" } } }),
  );
  await writeFile(join(dir, "ui", "index.html"), "<!doctype html><h1>My extension</h1>\n");

  // 1. Install: the tarballs stand for @ddbridge/playwright until it is published, and
  // @playwright/test is pinned to the version this repository tests. `playwright install`
  // downloads a browser, which cannot be reached here: Debian's Chromium stands in, set in
  // a playwright.config.ts as the README's "Browsers" section says.
  const commands = install!.code.split("\n").filter((l) => l.trim());
  assert.deepEqual(commands, [
    "npm i -D @playwright/test @ddbridge/playwright",
    "npx playwright install chromium",
  ]);
  await run(
    "sh",
    [
      "-c",
      commands[0]!
        .replace("@playwright/test", "@playwright/test@1.65.1")
        .replace("@ddbridge/playwright", tarballs.join(" ")),
    ],
    { cwd: dir, timeout: 300_000 },
  );
  await writeFile(
    join(dir, "playwright.config.ts"),
    `import { defineConfig } from "@playwright/test";
export default defineConfig({
  reporter: [["list"], ["json", { outputFile: "test-results/report.json" }]],
  use: { launchOptions: { executablePath: ${JSON.stringify(CHROMIUM_PATH)}, args: ["--no-sandbox"] } },
});
`,
  );
  // 2. The test, exactly as written in the README.
  await writeFile(join(dir, "tests", "ui.spec.ts"), spec!.code);
  // 3. npx playwright test.
  assert.equal(runStep!.code.trim(), "npx playwright test");
  const r = await runSuite(dir, {});
  assert.equal(r.code, 0, r.output);
  assert.deepEqual(
    r.tests.map((t) => [t.title, t.status]),
    [["shows my extension, with a ddClient", "passed"]],
  );
  assert.deepEqual(await leftovers(dir), []);
});
