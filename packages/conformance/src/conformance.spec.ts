import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";

const HERE = join(import.meta.dirname, "..");

/** connectconformance on PATH or in Go's bin (scripts/install-test-tools.sh installs v1.0.7). */
function findRunner(): string | undefined {
  const candidates = ["connectconformance"];
  try {
    const gopath = execFileSync("go", ["env", "GOPATH"], { encoding: "utf8" }).trim();
    candidates.push(join(gopath, "bin", "connectconformance"));
  } catch {}
  for (const c of candidates) {
    try {
      execFileSync(c, ["--version"], { stdio: "ignore" });
      return c;
    } catch {}
  }
  return undefined;
}

const runner = findRunner();
const skip = runner ? false : "connectconformance not found (see scripts/install-test-tools.sh)";
if (skip && process.env.CI === "true") throw new Error(`CI=true but ${skip}`);

/** Runs the suite in server mode against src/main.ts; resolves with its exit code and report. */
function runSuite(serverArgs: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      runner!,
      [
        "--mode",
        "server",
        "--conf",
        "config.yaml",
        "--",
        process.execPath,
        "--import",
        "tsx",
        "src/main.ts",
        ...serverArgs,
      ],
      { cwd: HERE, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ code: typeof code === "number" ? code : 1, out: `${stdout}\n${stderr}` });
      },
    );
  });
}

describe("Connect conformance (server mode) on the hot path", { skip }, () => {
  it("passes every case of config.yaml", async (t) => {
    const { code, out } = await runSuite([]);
    const total = Number(/Total cases: (\d+)/.exec(out)?.[1]);
    const summary = /(\d+) passed, (\d+) failed/.exec(out);
    t.diagnostic(`conformance: ${summary?.[0]} of ${total} cases`);
    assert.equal(code, 0, out.slice(-4000));
    assert.equal(Number(summary?.[2]), 0, out.slice(-4000));
    // Unary and server streaming × 3 protocols × 2 codecs × HTTP/1.1 and h2c: hundreds.
    assert.ok(total >= 600, `only ${total} cases ran`);
    assert.equal(Number(summary?.[1]), total);
  });

  it("fails when the server writes a broken frame", async (t) => {
    const { code, out } = await runSuite(["--break-frame"]);
    const summary = /(\d+) passed, (\d+) failed/.exec(out);
    t.diagnostic(`with --break-frame: ${summary?.[0]}`);
    assert.notEqual(code, 0);
    assert.ok(Number(summary?.[2]) > 0, out.slice(-2000));
  });
});
