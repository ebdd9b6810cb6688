import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cp, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import {
  chromiumSkip,
  eventually,
  freePort,
  isAlive,
  launchChromium,
  startFixtureBackend,
  type TempDir,
  tempDir,
} from "@ddbridge/testing";
import { codeBlocks, shellCommands } from "./markdown-blocks.js";

/**
 * Runs the README's author path — install, the author's dev server, `ddbridge
 * serve --ui-source ... --open` — in an extension repo of the `docker
 * extension init` shape (a copy of examples/react-extension), from the packed
 * tarballs, as an author outside this workspace would. Substitutions, made
 * explicit: `@ddbridge/bridge-daemon` is the three tarballs `scripts/pack.mjs`
 * makes (the packages are not published yet); port 3000 is a free port
 * (PORT, which the sample's vite.config.ts reads); `serve` also gets
 * `--listen 127.0.0.1:0`; HOME is a temp folder; BROWSER (what `--open`
 * runs) records the URL, which the test then opens in Chromium. The UI's own
 * node_modules are linked from the workspace: the author's UI is installed already.
 */
const ROOT = resolve(import.meta.dirname, "..");
const SAMPLE = join(ROOT, "examples/react-extension");
const run = promisify(execFile);

const readme = await readFile(join(ROOT, "README.md"), "utf8");
const block = codeBlocks(readme).find(
  (b) => b.lang === "sh" && b.code.includes("npm i -D @ddbridge/bridge-daemon"),
);

/** The processes still alive in these process groups. */
async function groupMembers(pgids: number[]): Promise<number[]> {
  const { stdout } = await run("ps", ["-eo", "pid=,pgid=,stat="]);
  return stdout
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter(([, pgid, stat]) => pgids.includes(Number(pgid)) && !stat?.startsWith("Z"))
    .map(([pid]) => Number(pid))
    .filter(isAlive);
}

describe("the README's author path, from packed tarballs in an extension's own repo", {
  skip: chromiumSkip(),
  timeout: 600_000,
}, () => {
  let tmp: TempDir;
  let project: string;
  let env: NodeJS.ProcessEnv;
  let tarballs: string[];
  let port: number;
  const children: ChildProcess[] = [];
  let closeBackend: () => void = () => {};

  before(async () => {
    tmp = await tempDir("ddbridge-author-");
    project = join(tmp.dir, "my-extension");
    const home = join(tmp.dir, "home");
    for (const f of ["metadata.json", "docker.svg"]) await cp(join(SAMPLE, f), join(project, f));
    for (const f of ["index.html", "package.json", "vite.config.ts", "tsconfig.json", "src"]) {
      await cp(join(SAMPLE, "ui", f), join(project, "ui", f), { recursive: true });
    }
    await symlink(join(SAMPLE, "ui", "node_modules"), join(project, "ui", "node_modules"));
    const packs = await run(process.execPath, [
      join(ROOT, "scripts/pack.mjs"),
      "--out",
      join(tmp.dir, "packs"),
    ]);
    tarballs = packs.stdout
      .trim()
      .split("\n")
      .filter((l) => l.endsWith(".tgz") && !l.includes("ddbridge-playwright-"));
    assert.equal(tarballs.length, 3, packs.stdout);
    // The backend, where metadata.json says: backend.sock in the guest-services folder.
    await mkdir(join(home, ".ddbridge", "guest-services"), { recursive: true });
    const backend = await startFixtureBackend(join(home, ".ddbridge/guest-services/backend.sock"));
    closeBackend = () => backend.close();
    const opener = join(tmp.dir, "record-url");
    await writeFile(
      opener,
      `#!${process.execPath}\nrequire("node:fs").writeFileSync(${JSON.stringify(join(tmp.dir, "opened"))}, process.argv[2]);\n`,
      { mode: 0o755 },
    );
    port = await freePort();
    env = {
      ...process.env,
      HOME: home,
      DDBRIDGE_HOME: undefined,
      DDBRIDGE_TOKEN: undefined,
      PORT: String(port),
      BROWSER: opener,
      npm_config_cache: process.env.npm_config_cache ?? join(homedir(), ".npm"),
      npm_config_userconfig: process.env.npm_config_userconfig ?? join(homedir(), ".npmrc"),
      npm_config_fund: "false",
      npm_config_audit: "false",
    };
  });

  after(async () => {
    for (const c of children) {
      try {
        process.kill(-c.pid!, "SIGTERM");
      } catch {}
    }
    await Promise.all(
      children.map((c) => (c.exitCode === null && c.signalCode === null ? once(c) : undefined)),
    );
    closeBackend();
    await tmp?.remove();
  });

  function once(c: ChildProcess) {
    return new Promise((r) => c.once("exit", r));
  }

  /** Starts a long-running README command in its own process group; resolves once `ready`. */
  async function start(command: string, ready: () => Promise<boolean>) {
    let output = "";
    const child = spawn("sh", ["-c", command], { cwd: project, env, detached: true });
    children.push(child);
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const ok = await eventually(ready, 60_000);
    assert.ok(ok, `${command} never got ready:\n${output}`);
    return { child, output: () => output };
  }

  it("has exactly three commands, and they take an author to their extension in Chromium", async () => {
    assert.ok(block, "README has the author path block");
    const commands = shellCommands(block.code);
    assert.equal(commands.length, 3, commands.join("\n"));
    const [install, dev, serve] = commands as [string, string, string];

    // 1. npm i -D, from the tarballs until the packages are published.
    await run("sh", ["-c", install.replace("@ddbridge/bridge-daemon", tarballs.join(" "))], {
      cwd: project,
      env,
      timeout: 300_000,
    });
    const version = await run("npx", ["ddbridge", "--version"], { cwd: project, env });
    assert.match(version.stdout, /^ddbridge \d+\.\d+\.\d+\n$/);

    // 2. The author's own dev server.
    await start(dev, () =>
      fetch(`http://localhost:${port}/`).then(
        (r) => r.ok,
        () => false,
      ),
    );

    // 3. ddbridge in front of it; --open hands the URL to BROWSER.
    const opened = join(tmp.dir, "opened");
    const daemon = await start(
      `${serve.replaceAll("3000", String(port))} --listen 127.0.0.1:0`,
      () =>
        readFile(opened, "utf8").then(
          (u) => u.startsWith("http://127.0.0.1:"),
          () => false,
        ),
    );
    const url = await readFile(opened, "utf8");
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/#ddbridge-token=/);

    // The extension, in Chromium, calling its backend through the installed packages.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(url);
      await page.getByTestId("call").click();
      await page.getByText("hello from the backend").waitFor({ timeout: 10_000 });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }

    // The same backend from Node, with the installed @ddbridge/client.
    const base = new URL(url).origin;
    await writeFile(
      join(project, "call.mjs"),
      `import { connectDdClient } from "@ddbridge/client/node";
const dd = connectDdClient({ url: ${JSON.stringify(base)} });
console.log(JSON.stringify(await dd.extension.vm.service.get("/hello")));
`,
    );
    const called = await run(process.execPath, ["call.mjs"], { cwd: project, env }).catch((e) => {
      throw new Error(`${e.message}\ndaemon:\n${daemon.output()}`);
    });
    assert.match(called.stdout, /hello from the backend/);
    assert.match(daemon.output(), /Open the extension UI: http:\/\/127\.0\.0\.1:/);

    // Ctrl+C-like stop: nothing of either command is left running.
    const pids = children.map((c) => c.pid!);
    for (const pid of pids) process.kill(-pid, "SIGTERM");
    await Promise.all(children.map(once));
    assert.ok(
      await eventually(async () => (await groupMembers(pids)).length === 0),
      `left running: ${await groupMembers(pids)}`,
    );
  });
});
