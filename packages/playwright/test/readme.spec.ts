import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { promisify } from "node:util";
import {
  authorEnv,
  CHROMIUM_PATH,
  chromiumSkip,
  freePort,
  initTemplateRepo,
  packInto,
  sh,
  type TempDir,
  tempDir,
} from "@ddbridge/testing";
import { leftovers } from "./sample-suite.js";

const run = promisify(execFile);

const README = await readFile(join(import.meta.dirname, "..", "README.md"), "utf8");

/** The fenced blocks of a README section, in order. */
function blocksOf(heading: string): { lang: string; code: string }[] {
  const section = README.split(`## ${heading}`)[1]!.split("\n## ")[0]!;
  return [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```/gm)].map((m) => ({
    lang: m[1]!,
    code: m[2]!,
  }));
}

/** The commands of the README's "Start" section. */
function startSteps(): string[] {
  const [block] = blocksOf("Start");
  assert.ok(block?.lang === "sh", "the Start section has a sh block");
  return block.code.split("\n").filter((l) => l.trim());
}

let tmp: TempDir;
let tarballs: string[];
/** The extension the first test sets up, its dev-server port, and a shell in it. */
let dir: string;
let port: number;
let shell: (command: string) => Promise<string>;

before(async () => {
  tmp = await tempDir("ddbridge-readme-steps-");
  tarballs = await packInto(join(tmp.dir, "ddbridge"));
});
after(() => tmp?.remove());

/**
 * Every block of the README, in an extension made from docker extension
 * init's template (its UI installed, as init does): the Start steps; the
 * `extension` option, in a spec of its own; the Browsers section's command,
 * which is how Chromium runs here. Substitutions: the tarballs stand for
 * @ddbridge/playwright until it is published (with the rest of the packages
 * it needs), and @playwright/test is pinned to the version this repository
 * tests; `playwright install` downloads a browser, which cannot be reached
 * here, so Debian's Chromium stands in through CHROMIUM (the Browsers
 * section); the dev server gets a free port. Not run here: the record and
 * replay block, a fragment of a UI unit test, which examples/react-extension
 * runs in full (ui/src/App.test.tsx, in its own suite).
 */
it("README's Start steps test an extension of docker extension init's shape in Chromium", {
  skip: chromiumSkip(),
  timeout: 600_000,
}, async () => {
  const steps = startSteps();
  assert.deepEqual(steps, [
    "npm i -D @playwright/test @ddbridge/playwright",
    "npx ddbridge init-tests",
    "npx playwright install chromium",
    "npx playwright test",
  ]);
  dir = join(tmp.dir, "my-extension");
  port = await freePort();
  await mkdir(join(tmp.dir, "home"));
  const env = { ...authorEnv(join(tmp.dir, "home"), join(tmp.dir, "npm-cache")), CI: "true" };
  await initTemplateRepo(dir, env, port);
  shell = (command: string) => sh(command, dir, env);

  await shell(
    steps[0]!
      .replace("@playwright/test", "@playwright/test@1.65.1")
      .replace("@ddbridge/playwright", tarballs.join(" ")),
  );
  const said = await shell(steps[1]!);
  assert.match(said, /Backend: go run \. -socket \{socket\} \(in backend\/\)/);
  const output = await shell(steps[3]!);
  assert.match(output, /2 passed/);

  // "The extension option": the example, as a spec's options, with a test of its own.
  const [option] = blocksOf("The `extension` option");
  assert.equal(option?.lang, "ts");
  await writeFile(
    join(dir, "e2e", "option.spec.ts"),
    `import { expect, test } from "@ddbridge/playwright";\n\n${option!.code.replaceAll("3000", String(port))}
test("the README's extension option serves the UI and the backend", async ({ page, ddbridge }) => {
  await page.getByRole("button", { name: "Call backend" }).click();
  await expect(page.getByText('{"Message":"hello"}')).toBeVisible();
  expect(ddbridge.logs().daemon).toMatch(/"request":"GET \\/hello","status":200/);
});
`,
  );
  // "Browsers": the command that runs the suite on a system Chromium.
  const [browsers] = blocksOf("Browsers");
  assert.equal(browsers?.code.trim(), "CHROMIUM=/usr/bin/chromium npx playwright test");
  const all = await shell(browsers!.code.replace("/usr/bin/chromium", CHROMIUM_PATH));
  assert.match(all, /3 passed/);
  assert.deepEqual(await leftovers(dir), []);
});

/** A playwright.config.ts with this `extension` option (and a dev server when `webServer`). */
function config(extension: string, webServer = false): string {
  return `import { defineConfig } from "@playwright/test";
export default defineConfig({
  testDir: "e2e",
  use: { extension: ${extension}, launchOptions: { executablePath: process.env.CHROMIUM, args: ["--no-sandbox"] } },
  ${webServer ? `webServer: { command: "npm run dev --prefix ui", url: "http://localhost:${port}" },` : ""}
});
`;
}

it("a worker that cannot start ddbridge fails one test, saying what to do, and skips the rest", {
  skip: chromiumSkip(),
  timeout: 300_000,
}, async () => {
  assert.ok(dir, "the README's steps ran first");
  const failing = async (name: string, text: string) => {
    await writeFile(join(dir, name), text);
    const out = await shell(`npx playwright test -c ${name} e2e/extension.spec.ts`).then(
      (o) => assert.fail(`it passed:\n${o}`),
      (e: Error) => e.message,
    );
    assert.match(out, /1 failed/, out);
    assert.match(out, /1 skipped/, out);
    assert.match(out, /ddbridge could not start this extension for the tests/);
    return out;
  };

  // The template's ui/index.html is Vite's source page: without the dev server it stays blank.
  const sourcePage = await failing("source-page.config.ts", config('"./"'));
  assert.match(sourcePage, /ui\/index\.html loads \/src\/main\.tsx, which browsers cannot run/);
  assert.match(sourcePage, /webServer: \{ command: "npm run dev --prefix ui"/);

  // go run from the repository's root, where there is no go.mod: said once, with the fix.
  const noGoMod = await failing(
    "no-go-mod.config.ts",
    config(
      `{ dir: ".", uiSource: "http://localhost:${port}", backend: { command: ["go", "run", "./backend", "-socket", "{socket}"] } }`,
      true,
    ),
  );
  assert.match(noGoMod, /The backend command exited \(code 1\) before listening on its socket/);
  assert.match(noGoMod, /backend\/go\.mod exists: set backend\.cwd to "backend"/);
  assert.equal(noGoMod.match(/go: go\.mod file not found/g)?.length, 1, "one start, one report");
  const logs = await run("find", [join(dir, "test-results"), "-name", "*.log"]);
  assert.match(logs.stdout, /backend\.log/);
  assert.match(logs.stdout, /ddbridge-daemon\.log/);

  // A dev server that is not running.
  const idle = await freePort();
  const noDevServer = await failing(
    "no-dev-server.config.ts",
    config(`{ dir: ".", uiSource: "http://localhost:${idle}" }`),
  );
  assert.match(
    noDevServer,
    new RegExp(
      `The UI dev server at http://localhost:${idle} \\(extension\\.uiSource\\) does not answer`,
    ),
  );
  assert.deepEqual(await leftovers(dir), []);
});
