import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type DaemonProcess,
  DDBRIDGE_BIN,
  dockerForTests,
  eventually,
  spawnDaemon,
  type TempDir,
  tempDir,
} from "@ddbridge/testing";
import { type CodeBlock, codeBlocks, sectionLines, shellCommands } from "./markdown-blocks.js";
import { TOOL_BUILDERS_HEADING } from "./readme-sections.js";

/**
 * Runs what the top README and the reference pages under docs/ show — every
 * `sh`, `ts` and `html` block — against a live daemon, so they cannot rot.
 * The blocks run as written, with only these substitutions, made explicit here:
 *   - 127.0.0.1:7799 is the test daemon's address, /path/to/daemon.sock its
 *     unix socket, and HOME a temporary folder (so ~/.ddbridge/token is the
 *     test daemon's token, and nothing of the user's is touched);
 *   - a command that serves until Ctrl+C runs until it is ready, on a free
 *     port, and is then stopped with SIGINT (it must exit 0) before the next;
 *     it runs as `node DDBRIDGE_BIN` rather than `npx ddbridge`, because npm
 *     dies by the SIGINT it forwards (the other ddbridge commands keep npx).
 */
const ROOT = resolve(import.meta.dirname, "..");
const EXAMPLE = join(ROOT, "examples/hello-extension");
/** The pages whose blocks run here (the author's path has its own specs, named in SKIPPED). */
const PAGES = ["README.md", "docs/cli.md", "docs/api.md", "docs/security.md", "docs/benchmarks.md"];

/** Commands that serve until Ctrl+C: extra flags, and what they print once ready. */
const LONG_RUNNING = [
  { match: /^npx ddbridge serve /, append: " --listen 127.0.0.1:0", ready: /"msg":"listening"/ },
  {
    match: /^npx ddbridge up /,
    append: " --listen 127.0.0.1:0 --network none",
    ready: /"msg":"listening"/,
  },
];

/** Commands not run here, and why. Each must match a command of PAGES. */
const SKIPPED = [
  {
    match: /^npm run demo$/,
    reason: "examples/hello-extension/test/demo.spec.ts runs the demo; its set-up is npm test's",
  },
  { match: /^npm test$/, reason: "it is this test suite" },
  ...[
    /^mkdir -p vendor && cp \.\.\/ddbridge\/dist-packages/,
    /^npm i -D \.\/vendor\/\*\.tgz @playwright\/test$/,
    /^npm run dev --prefix ui$/,
    /^npx ddbridge serve --ui-source /,
    /^npx ddbridge init-tests$/,
    /^npx playwright install chromium$/,
    /^(BACKEND_MODE=up )?npx playwright test$/,
  ].map((match) => ({
    match,
    reason:
      "docs/author-path.spec.ts runs the authors' quick start in an extension made from docker extension init's template",
  })),
  ...[
    /^npx ddbridge up \.\/ext-a \.\/ext-b --open$/,
    /^npx ddbridge up \.\/ext-c$/,
    /^npx ddbridge update ext-a$/,
    /^npx ddbridge rm ext-b$/,
  ].map((match) => ({
    match,
    reason:
      "packages/web-shim/test/extension-host.spec.ts runs a host of two extension folders, up into it, ls, update and rm, in Chromium",
  })),
  { match: /^pnpm bench$/, reason: "the full benchmark takes minutes; .ci/run runs --quick" },
  {
    match: /bench\/src\/main\.ts --quick$/,
    reason: ".ci/run runs this benchmark smoke run after npm test",
  },
];

/** What a block's output must show, besides exiting 0; each must match a block of PAGES. */
const EXPECTED: Array<{ block: RegExp; output: RegExp }> = [
  { block: /HttpService\/Call/, output: /"status":\s*200/ },
  { block: /grpc\.health\.v1\.Health\/Check/, output: /"SERVING"/ },
  { block: /grpcurl .* list/, output: /ddbridge\.v1\.Exec/ },
  { block: /connectDdClient/, output: /hello from the backend/ },
  { block: /ddbridge exec -i/, output: /piped in\n[\s\S]*hi from \// },
  { block: /ExecClient/, output: /exitCode|close/ },
  { block: /cd examples\/go-client/, output: /hello from the backend/ },
  { block: /cd examples\/python-client/, output: /hello from the backend/ },
];

/** README's tool builders' section runs from an empty folder in docs/tool-builders.spec.ts. */
const TOOL_BUILDERS = sectionLines(
  readFileSync(join(ROOT, "README.md"), "utf8"),
  TOOL_BUILDERS_HEADING,
);
const blocks = PAGES.flatMap((page) =>
  codeBlocks(readFileSync(join(ROOT, page), "utf8"))
    .filter((b) => b.lang !== "")
    .filter((b) => page !== "README.md" || b.line < TOOL_BUILDERS.from || b.line > TOOL_BUILDERS.to)
    .map((b) => ({ ...b, page })),
);
const docker = await dockerForTests();
const goBin = toolDir("go", ["env", "GOPATH"], (p) => join(p, "bin"));
const python = existsSync(join(ROOT, "examples/python-client/.venv/bin/python"));

/** Why a block cannot run on this machine (never under CI=true), else undefined. */
function missingTool(block: CodeBlock): string | undefined {
  const missing = (what: string) => {
    if (process.env.CI === "true") throw new Error(`CI=true but ${what}`);
    return what;
  };
  if (/ddbridge (up|down)|prepare-image/.test(block.code) && docker.skip) return docker.skip;
  if (/\bgo (run|install)\b|grpcurl|prepare-image/.test(block.code) && !goBin)
    return missing("no Go toolchain");
  if (/python/.test(block.code) && !python)
    return missing("no examples/python-client/.venv (scripts/install-test-tools.sh)");
  return undefined;
}

function toolDir(cmd: string, args: string[], then: (out: string) => string) {
  try {
    return then(execFileSync(cmd, args, { encoding: "utf8" }).trim());
  } catch {
    return undefined;
  }
}

describe("the commands and code of the README and docs/, run against a live daemon", () => {
  let tmp: TempDir;
  let home: string;
  let backend: ChildProcess;
  let daemon: DaemonProcess;
  let env: NodeJS.ProcessEnv;
  let substitute: (code: string) => string;

  before(async () => {
    tmp = await tempDir("ddbridge-readme-");
    home = join(tmp.dir, "home");
    await mkdir(home);
    const backendSocket = join(tmp.dir, "hello-extension.sock");
    const unixPath = join(tmp.dir, "daemon.sock");
    backend = spawn(process.execPath, [join(EXAMPLE, "dist/backend/main.js"), backendSocket], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await once(backend.stdout!, "data");
    env = {
      ...process.env,
      HOME: home,
      DDBRIDGE_HOME: undefined,
      DDBRIDGE_TOKEN: undefined,
      // The user's tool caches and settings stay where they are.
      npm_config_cache: process.env.npm_config_cache ?? join(homedir(), ".npm"),
      npm_config_userconfig: process.env.npm_config_userconfig ?? join(homedir(), ".npmrc"),
      ...goEnv(),
      PATH: [goBin, process.env.PATH].filter(Boolean).join(":"),
    };
    daemon = await spawnDaemon(
      [
        ...["--extension", EXAMPLE, "--listen", "127.0.0.1:0"],
        ...["--unix", unixPath, "--socket", backendSocket],
      ],
      env,
    );
    const address = new URL(daemon.url).host;
    substitute = (code) =>
      code.replaceAll("127.0.0.1:7799", address).replaceAll("/path/to/daemon.sock", unixPath);
  });

  after(async () => {
    daemon?.child.kill("SIGTERM");
    await daemon?.exit;
    backend?.kill("SIGTERM");
    await tmp?.remove();
  });

  it("knows how to run, or why it skips, every block and command", () => {
    for (const block of blocks) {
      assert.ok(
        ["sh", "ts", "html"].includes(block.lang),
        `${block.page}:${block.line}: no runner for \`\`\`${block.lang} blocks`,
      );
    }
    const commands = blocks.filter((b) => b.lang === "sh").flatMap((b) => shellCommands(b.code));
    for (const rule of [...SKIPPED, ...LONG_RUNNING]) {
      assert.ok(
        commands.some((c) => rule.match.test(c)),
        `no command of ${PAGES.join(", ")} matches ${rule.match}: remove the rule`,
      );
    }
    for (const rule of EXPECTED) {
      assert.ok(
        blocks.some((b) => rule.block.test(b.code)),
        `no block of ${PAGES.join(", ")} matches ${rule.block}: remove the rule`,
      );
    }
  });

  for (const block of blocks) {
    const title = `${block.page}:${block.line} (${block.lang}): ${firstLine(block.code)}`;
    it(title, { skip: missingTool(block) ?? false, timeout: 240_000 }, async (t) => {
      const code = substitute(block.code);
      if (block.lang === "sh" && !shellCommands(code).some(isRunnable)) {
        const reasons = SKIPPED.filter((s) => shellCommands(code).some((c) => s.match.test(c)));
        return t.skip([...new Set(reasons.map((s) => s.reason))].join("; "));
      }
      let output: string;
      if (block.lang === "sh") output = await runShell(code, env);
      else if (block.lang === "ts") output = await runTypeScript(code, env);
      else output = await checkHtml(code);
      assert.doesNotMatch(output, /"code":\s*"[a-z_]+"/, "a Connect error in the output");
      for (const rule of EXPECTED) {
        if (rule.block.test(block.code)) assert.match(output, rule.output);
      }
      t.diagnostic(`output ends: ${JSON.stringify(output.slice(-200))}`);
    });
  }
});

function isRunnable(command: string): boolean {
  return !SKIPPED.some((s) => s.match.test(command));
}

function firstLine(code: string): string {
  return code.split("\n").find((l) => l.trim() && !l.startsWith("//") && !l.startsWith("#")) ?? "";
}

function goEnv(): NodeJS.ProcessEnv {
  const names = ["GOPATH", "GOCACHE", "GOMODCACHE", "GOPROXY", "GOFLAGS"];
  try {
    const values = execFileSync("go", ["env", ...names], { encoding: "utf8" }).split("\n");
    return Object.fromEntries(names.map((n, i) => [n, values[i] || undefined]));
  } catch {
    return {};
  }
}

/**
 * A shell block: as one bash script (so variables and `cd` carry), unless it
 * has a long-running command; then command by command, following `cd`.
 */
async function runShell(code: string, env: NodeJS.ProcessEnv): Promise<string> {
  const commands = shellCommands(code);
  const runnable = commands.filter(isRunnable);
  if (runnable.length === 0) return "";
  if (!runnable.some((c) => LONG_RUNNING.some((l) => l.match.test(c)))) {
    return (await run("bash", ["-euo", "pipefail", "-c", runnable.join("\n")], ROOT, env)).output;
  }
  let cwd = ROOT;
  let output = "";
  for (const command of runnable) {
    const cd = /^cd (\S+)$/.exec(command);
    if (cd) {
      cwd = resolve(cwd, cd[1]!);
      continue;
    }
    const long = LONG_RUNNING.find((l) => l.match.test(command));
    if (long) {
      const direct = command.replace(/^npx ddbridge /, `${process.execPath} ${DDBRIDGE_BIN} `);
      output += await serveUntilReady(direct + long.append, long.ready, cwd, env);
    } else output += (await run("bash", ["-euo", "pipefail", "-c", command], cwd, env)).output;
  }
  return output;
}

/** Runs a serving command until it prints `ready`, then Ctrl+C: it must exit 0. */
async function serveUntilReady(
  command: string,
  ready: RegExp,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<string> {
  const child = spawn("bash", ["-c", `exec ${command}`], { cwd, env });
  let output = "";
  const collect = (d: Buffer) => {
    output += d;
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exit = once(child, "exit") as Promise<[number | null, string | null]>;
  try {
    const isReady = await eventually(() => ready.test(output) || child.exitCode !== null, 180_000);
    assert.ok(isReady && child.exitCode === null, `${command} did not get ready:\n${output}`);
    child.kill("SIGINT");
    const [code, signal] = await exit;
    assert.equal(code, 0, `${command} after Ctrl+C (signal ${signal}):\n${output}`);
    return output;
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

async function runTypeScript(code: string, env: NodeJS.ProcessEnv): Promise<string> {
  // Inside docs/, so the snippet's imports resolve as in a project that installed the packages.
  const dir = await mkdtemp(join(import.meta.dirname, ".readme-run-"));
  try {
    const file = join(dir, "snippet.mts");
    await writeFile(file, code);
    return (await run(process.execPath, ["--import", "tsx", file], ROOT, env)).output;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An HTML block: every script it loads from the daemon is served. */
async function checkHtml(code: string): Promise<string> {
  const sources = [...code.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(sources.length > 0, "an html block with nothing to check");
  for (const src of sources) {
    const res = await fetch(src);
    assert.equal(res.status, 200, src);
    assert.match(res.headers.get("content-type") ?? "", /javascript/);
    assert.match(await res.text(), /ddClient/);
  }
  return "";
}

async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
  });
  child.stderr.on("data", (d) => {
    output += d;
  });
  const [code] = (await once(child, "exit")) as [number | null];
  assert.equal(code, 0, `${cmd} ${args.join(" ")} exited ${code}:\n${output}`);
  return { output };
}
