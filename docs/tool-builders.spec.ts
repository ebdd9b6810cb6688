import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  authorEnv,
  type DaemonProcess,
  packInto,
  sh,
  spawnDaemon,
  type TempDir,
  tempDir,
} from "@ddbridge/testing";
import { codeBlocks, sectionLines } from "./markdown-blocks.js";
import { TOOL_BUILDERS_HEADING } from "./readme-sections.js";

/**
 * README's tool builders' section, run as its reader runs it: in an empty
 * folder outside this repository, beside a clone (`../ddbridge`: this
 * repository's packages/ and proto/, and the tarballs scripts/pack.mjs
 * writes), against a live daemon serving the example extension. Shell blocks
 * run in turn; a code block whose first line names a file (`// hello-go/main.go`)
 * is saved there, as the reader saves it. The only substitution: the test
 * daemon's address for 127.0.0.1:7799, and HOME is a temporary folder.
 */
const ROOT = resolve(import.meta.dirname, "..");
const EXAMPLE = join(ROOT, "examples/hello-extension");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const SECTION = sectionLines(README, TOOL_BUILDERS_HEADING);
const BLOCKS = codeBlocks(README).filter(
  (b) => b.lang !== "" && b.line > SECTION.from && b.line < SECTION.to,
);

/** What a block's output must show, besides exiting 0; each must match a block. */
const EXPECTED: Array<{ block: RegExp; output: RegExp[] }> = [
  {
    block: /grpcurl/,
    output: [
      /"status": 200/,
      /"exitCode": 0/,
      /"status": "SERVING"/,
      /\{"status":"SERVING"\}/,
      /"data": "aGkK"/,
    ],
  },
  {
    block: /go run/,
    output: [/200 \{"message":"hello from the backend"\}/, /hello from the host/],
  },
  {
    block: /python call\.py/,
    output: [/200 \{"message":"hello from the backend"\}/, /hello from the host/],
  },
  {
    block: /tsx call\.mts/,
    output: [/message: 'hello from the backend'/, /hello from the host/, /exit 0/],
  },
  { block: /buf@[\d.]+ generate/, output: [] },
];

const requireTools = process.env.CI === "true";
function has(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const missing = [
  has("go", ["version"]) ? undefined : "go",
  has("python3", ["-m", "venv", "--help"]) ? undefined : "python3 -m venv",
].filter(Boolean);
const skip = missing.length ? `not on this machine: ${missing.join(", ")}` : false;
if (skip && requireTools) throw new Error(`CI=true but ${skip}`);

describe("README: the tool builders' section, from an empty folder beside a clone", {
  skip,
}, () => {
  let tmp: TempDir;
  let project: string;
  let env: NodeJS.ProcessEnv;
  let backend: ChildProcess;
  let daemon: DaemonProcess;
  let address: string;
  let tarballs: string[];

  before(async () => {
    tmp = await tempDir("ddbridge-tool-builders-");
    const clone = join(tmp.dir, "ddbridge");
    project = join(tmp.dir, "project");
    const home = join(tmp.dir, "home");
    await Promise.all([mkdir(clone), mkdir(project), mkdir(home)]);
    await symlink(join(ROOT, "packages"), join(clone, "packages"));
    await symlink(join(ROOT, "proto"), join(clone, "proto"));
    tarballs = await packInto(clone);
    const goBin = join(execFileSync("go", ["env", "GOPATH"], { encoding: "utf8" }).trim(), "bin");
    const base = authorEnv(home, join(tmp.dir, "npm-cache"));
    // The npm cache stays this machine's (the packages come from its registry mirror once).
    env = {
      ...base,
      npm_config_cache: process.env.npm_config_cache ?? join(homedir(), ".npm"),
      PATH: `${goBin}:${base.PATH}`,
    };
    const socket = join(tmp.dir, "hello-extension.sock");
    backend = spawn(process.execPath, [join(EXAMPLE, "dist/backend/main.js"), socket], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await once(backend.stdout!, "data");
    daemon = await spawnDaemon(
      ["--extension", EXAMPLE, "--listen", "127.0.0.1:0", "--socket", socket],
      env,
    );
    address = new URL(daemon.url).host;
  });

  after(async () => {
    daemon?.child.kill("SIGTERM");
    await daemon?.exit;
    backend?.kill("SIGTERM");
    await tmp?.remove();
  });

  it("has a rule for each block it expects, and only blocks it can run", () => {
    for (const rule of EXPECTED) {
      assert.ok(
        BLOCKS.some((b) => rule.block.test(b.code)),
        `no block matches ${rule.block}: remove the rule`,
      );
    }
    for (const b of BLOCKS) {
      if (b.lang !== "sh")
        assert.ok(fileOf(b.code), `README.md:${b.line}: a ${b.lang} block names no file`);
    }
  });

  for (const block of BLOCKS) {
    const file = block.lang === "sh" ? undefined : fileOf(block.code);
    const title = file
      ? `save ${file}`
      : block.code.split("\n").find((l) => l && !l.startsWith("#"));
    it(`README.md:${block.line}: ${title}`, { timeout: 600_000 }, async (t) => {
      if (file) {
        await mkdir(dirname(join(project, file)), { recursive: true });
        await writeFile(join(project, file), block.code.replaceAll("127.0.0.1:7799", address));
        return;
      }
      const output = await sh(block.code.replaceAll("127.0.0.1:7799", address), project, env);
      for (const rule of EXPECTED.filter((r) => r.block.test(block.code))) {
        for (const want of rule.output) assert.match(output, want);
      }
      t.diagnostic(`output ends: ${JSON.stringify(output.slice(-300))}`);
    });
  }

  it("ships the .proto files in @ddbridge/proto, for grpcurl -proto and buf generate", () => {
    const client = tarballs.find((t) => /ddbridge-proto-[\d.]+\.tgz$/.test(t));
    assert.ok(client, tarballs.join(", "));
    const files = execFileSync("tar", ["tzf", client], { encoding: "utf8" }).split("\n");
    for (const f of [
      "ddbridge/v1/exec.proto",
      "ddbridge/v1/http.proto",
      "grpc/health/v1/health.proto",
    ]) {
      assert.ok(files.includes(`package/proto/${f}`), `no proto/${f} in ${client}`);
    }
  });

  it("names the grpcurl version that scripts/install-test-tools.sh installs and the tests run", () => {
    const named = /grpcurl\/cmd\/grpcurl@(v[\d.]+)/.exec(BLOCKS.map((b) => b.code).join("\n"))?.[1];
    assert.ok(named, "the section installs no grpcurl version");
    const installed = readFileSync(join(ROOT, "scripts/install-test-tools.sh"), "utf8");
    assert.match(installed, new RegExp(`grpcurl/cmd/grpcurl@${named.replaceAll(".", "\\.")}\\b`));
    const bin = execFileSync("bash", ["-c", "command -v grpcurl"], {
      env,
      encoding: "utf8",
    }).trim();
    const info = execFileSync("go", ["version", "-m", bin], { encoding: "utf8" });
    assert.match(
      info,
      new RegExp(`mod\\s+github.com/fullstorydev/grpcurl\\s+${named.replaceAll(".", "\\.")}\\s`),
    );
  });
});

/** The file a code block says it is, on its first line: `// path` or `# path`. */
function fileOf(code: string): string | undefined {
  return /^(?:\/\/|#) ([\w./-]+\.\w+)\s*$/.exec(code.split("\n")[0] ?? "")?.[1];
}
