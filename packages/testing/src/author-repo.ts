import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process";
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { CHROMIUM_PATH } from "./chromium.js";
import { INIT_TEMPLATE } from "./init-template.js";

/**
 * The author's side of the author-path tests (docs/, packages/playwright): a
 * machine (a HOME with no npm settings, an npm cache of its own, this
 * machine's Go caches), a clone of ddbridge with the packed tarballs in
 * dist-packages/, and an extension repository made by `docker extension
 * init` (its template's files, its UI installed as init installs it).
 */
export const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..");
const run = promisify(execFile);

/** The author's environment: `home` is HOME, `npmCache` the npm cache, CHROMIUM the system browser. */
export function authorEnv(home: string, npmCache: string): NodeJS.ProcessEnv {
  // An author's shell has none of the npm_config_* and pnpm variables a test run under
  // `pnpm -r test` inherits (this machine's npmrc settings among them).
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(npm_|pnpm_|PNPM_|INIT_CWD$)/i.test(k)),
  );
  return {
    ...inherited,
    HOME: home,
    DDBRIDGE_HOME: undefined,
    DDBRIDGE_TOKEN: undefined,
    npm_config_userconfig: undefined,
    npm_config_cache: npmCache,
    npm_config_fund: "false",
    npm_config_audit: "false",
    npm_config_update_notifier: "false",
    // Playwright's browser download cannot be reached here: the config init-tests writes
    // takes a system Chromium from CHROMIUM, as it documents.
    CHROMIUM: CHROMIUM_PATH,
    ...goCaches(),
  };
}

/** Packs the four packages into `clone`/dist-packages, as `node scripts/pack.mjs` does in a clone. */
export async function packInto(clone: string): Promise<string[]> {
  const { stdout } = await run(
    process.execPath,
    [join(REPO_ROOT, "scripts/pack.mjs"), "--out", join(clone, "dist-packages")],
    { maxBuffer: 1 << 24 },
  );
  return stdout.split("\n").filter((l) => l.endsWith(".tgz"));
}

/**
 * Writes the template's files into `dir` and installs its UI (`docker
 * extension init` runs npm install in ui/). `uiPort` replaces the template's
 * dev-server port 3000 (this machine may run something there).
 */
export async function initTemplateRepo(dir: string, env: NodeJS.ProcessEnv, uiPort: number) {
  await cp(INIT_TEMPLATE, dir, {
    recursive: true,
    filter: (src) => !src.endsWith("README.md") && !/[/\\]node_modules$/.test(src),
  });
  const vite = join(dir, "ui", "vite.config.ts");
  await writeFile(vite, (await readFile(vite, "utf8")).replace("port: 3000", `port: ${uiPort}`));
  await run("npm", ["install", "--prefix", "ui"], { cwd: dir, env, timeout: 300_000 });
}

/** A command run in a shell (a docs block's line), with its output, failing with it. */
export async function sh(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 600_000,
): Promise<string> {
  const child = spawn("bash", ["-e", "-o", "pipefail", "-c", command], { cwd, env });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${command} exited ${code} in ${cwd}:\n${output}`);
  return output;
}

/** A `npx playwright test` run: its output, and when the first test started. */
export interface SuiteRun {
  output: string;
  passed: number;
  /** From spawning the command to the first test's start (its end minus its duration). */
  firstTestMs: number;
}

/**
 * Runs a `playwright test` command line as the docs give it; the list
 * reporter's lines (`✓  1 e2e/x.spec.ts:7:1 › title (1.4s)`) time the first test.
 */
export async function playwrightTest(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<SuiteRun> {
  const started = Date.now();
  const child: ChildProcess = spawn("bash", ["-c", command], { cwd, env });
  let output = "";
  let firstTestMs = Number.NaN;
  const onData = (d: Buffer) => {
    output += d;
    const done = /[✓✘]\s+\d+ .*\((\d+(?:\.\d+)?)(ms|s)\)/.exec(String(d));
    if (done && Number.isNaN(firstTestMs)) {
      const took = Number(done[1]) * (done[2] === "s" ? 1000 : 1);
      firstTestMs = Date.now() - started - took;
    }
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  if (code !== 0) throw new Error(`${command} exited ${code}:\n${output}`);
  const passed = Number(/(\d+) passed/.exec(output)?.[1] ?? 0);
  return { output, passed, firstTestMs };
}

/** Removes what a run may leave in a repository that the next run would reuse. */
export async function cleanRun(dir: string) {
  await rm(join(dir, "test-results"), { recursive: true, force: true });
  await rm(join(dir, "playwright-report"), { recursive: true, force: true });
}

/** This machine's Go caches, so a temp HOME does not mean a cold Go build. */
function goCaches(): NodeJS.ProcessEnv {
  const names = ["GOPATH", "GOCACHE", "GOMODCACHE"];
  try {
    const values = execFileSync("go", ["env", ...names], { encoding: "utf8" }).split("\n");
    return Object.fromEntries(names.map((n, i) => [n, values[i] || undefined]));
  } catch {
    return {};
  }
}
