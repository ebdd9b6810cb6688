import { spawn } from "node:child_process";
import { readdir, readFile, readlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CHROMIUM_PATH, freePort } from "@ddbridge/testing";

/** The repository's root, and the sample extension whose suite these tests run. */
export const ROOT = join(import.meta.dirname, "..", "..", "..");
export const SAMPLE = join(ROOT, "examples", "react-extension");

/** One test of Playwright's JSON report, flattened. */
export interface ReportedTest {
  title: string;
  status: string;
  startTime: number;
  error: string;
  /** Each attachment's text; `path` when it is a file (under test-results/). */
  attachments: { name: string; body: string; path?: string }[];
}

/** A run of `npx playwright test` in `dir`: exit code, output, the tests, and when the first one started. */
export interface SuiteRun {
  code: number | null;
  output: string;
  tests: ReportedTest[];
  /** From spawning `npx playwright test` to the first test's start. */
  startupMs: number;
}

interface Suite {
  title: string;
  suites?: Suite[];
  specs?: {
    title: string;
    tests: {
      results: {
        status: string;
        startTime: string;
        error?: { message?: string };
        attachments?: { name: string; body?: string; path?: string }[];
      }[];
    }[];
  }[];
}

/** Runs the sample's suite as an author would, with Debian's Chromium instead of Playwright's download. */
export async function runSuite(
  dir: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<SuiteRun> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn("npx", ["playwright", "test", ...args], {
    cwd: dir,
    env: { ...process.env, CI: "true", CHROMIUM: CHROMIUM_PATH, PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  const report = JSON.parse(
    await readFile(join(dir, "test-results", "report.json"), "utf8").catch(() => '{"suites":[]}'),
  ) as { suites: Suite[] };
  const tests: ReportedTest[] = [];
  const attachmentText = async (a: { body?: string; path?: string }) =>
    a.body
      ? Buffer.from(a.body, "base64").toString("utf8")
      : a.path
        ? await readFile(a.path, "utf8").catch(() => "")
        : "";
  const walk = async (s: Suite, path: string[]) => {
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests) {
        const r = t.results[0];
        tests.push({
          title: [...path, spec.title].join(" › "),
          status: r?.status ?? "skipped",
          startTime: r ? Date.parse(r.startTime) : Number.NaN,
          error: r?.error?.message ?? "",
          attachments: await Promise.all(
            (r?.attachments ?? []).map(async (a) => ({
              name: a.name,
              path: a.path,
              body: await attachmentText(a),
            })),
          ),
        });
      }
    }
    for (const child of s.suites ?? []) await walk(child, [...path, child.title].filter(Boolean));
  };
  for (const s of report.suites) await walk(s, []);
  const first = Math.min(...tests.filter((t) => t.status !== "skipped").map((t) => t.startTime));
  return { code, output, tests, startupMs: first - started };
}

/** What a finished run may not leave: processes working in `dir` or on a fixture's temp folder, and those folders. */
export async function leftovers(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir("/proc")) {
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid) continue;
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => "");
    const cmd = (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).replaceAll(
      "\0",
      " ",
    );
    if (cwd.startsWith(dir) || cmd.includes("ddbridge-pw-")) found.push(`process ${pid}: ${cmd}`);
  }
  for (const f of await readdir(tmpdir())) {
    if (f.startsWith("ddbridge-pw-")) found.push(`folder ${join(tmpdir(), f)}`);
  }
  return found;
}
