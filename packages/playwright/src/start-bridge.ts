import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { sourcePageAdvice, uncompiledScript } from "@ddbridge/bridge-daemon";
import { backendAdvice } from "./backend-advice.js";
import { type BridgePlan, backendInvocation, daemonArgs } from "./extension-options.js";
import { stopProcessGroup } from "./process-group.js";
import { waitForUiSource } from "./ui-source-check.js";

/** Why a worker could not start ddbridge: what ran, what it said, what to do; with the logs so far. */
export class StartFailure extends Error {
  constructor(
    message: string,
    readonly logs: { daemon: string; backend: string },
  ) {
    super(message);
    this.name = "StartFailure";
  }
}

/** A daemon (and backend) the fixture started for one worker. */
export interface RunningBridge {
  /** The daemon's base URL, e.g. http://127.0.0.1:43121. */
  url: string;
  token: string;
  /** The daemon's log (stderr, then stdout lines as they came) and the backend command's output. */
  logs(): { daemon: string; backend: string };
  /** Stops the daemon and the backend, runs `ddbridge down` after `up`, removes the temp folder. */
  stop(): Promise<void>;
}

const DDBRIDGE_BIN = join(
  dirname(createRequire(import.meta.url).resolve("@ddbridge/bridge-daemon/package.json")),
  "bin/ddbridge.js",
);

/** Starts what `plan` says: a backend command on a fresh socket, then `ddbridge serve` or `up`. */
export async function startBridge(plan: BridgePlan, timeoutMs: number): Promise<RunningBridge> {
  const tmp = await mkdtemp(join(tmpdir(), "ddbridge-pw-"));
  const home = join(tmp, "home");
  const token = randomBytes(24).toString("base64url");
  const log = { daemon: "", backend: "" };
  // The token reaches the daemon only, through a 0600 file in its own home: never the
  // environment, which the backend command (and, under up, nothing else) would inherit.
  const {
    DDBRIDGE_TOKEN: _token,
    DDBRIDGE_HOME: _home,
    ...inherited
  } = {
    ...process.env,
    ...plan.env,
  };
  const env = { ...inherited, DDBRIDGE_HOME: home };
  await mkdir(home, { recursive: true, mode: 0o700 });
  await writeFile(join(home, "token"), `${token}\n`, { mode: 0o600 });
  let backend: ChildProcess | undefined;
  let daemon: ChildProcess | undefined;

  const stop = async () => {
    if (daemon) await stopProcessGroup(daemon);
    if (plan.kind === "up") {
      // A test run leaves nothing, named volumes included.
      const down = spawnSync(process.execPath, [DDBRIDGE_BIN, "down", plan.source, "--volumes"], {
        env,
        encoding: "utf8",
      });
      log.daemon += down.stdout + down.stderr;
    }
    if (backend) await stopProcessGroup(backend);
    await rm(tmp, { recursive: true, force: true });
  };

  try {
    if (plan.uiSource) await waitForUiSource(plan.uiSource, Math.min(timeoutMs, 10_000));
    else if (plan.kind === "serve") await refuseSourcePage(plan.dir);
    let socket: string | undefined;
    if (plan.kind === "serve" && plan.backend) {
      await mkdir(join(tmp, "guest-services"));
      socket = join(tmp, "guest-services", await socketName(plan.dir));
      const invocation = backendInvocation(plan.backend, plan.dir, socket);
      const { file, args, cwd } = invocation;
      backend = spawn(file, args, {
        cwd,
        env: { ...inherited, ...invocation.env },
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      backend.stdout!.on("data", (d: Buffer) => (log.backend += d));
      backend.stderr!.on("data", (d: Buffer) => (log.backend += d));
      const problem = await waitForSocket(socket, backend, timeoutMs);
      if (problem) {
        const advice = backendAdvice({
          command: [file, ...args],
          cwd,
          dir: plan.dir,
          output: log.backend,
          goModules: await goModules(plan.dir),
        });
        throw new Error(
          [
            `The backend command ${problem}.`,
            `  command: ${JSON.stringify([file, ...args])}`,
            `  in: ${cwd}`,
            `Its output${log.backend ? ` (last lines):\n${indent(tail(log.backend))}` : ": (nothing)"}`,
            ...advice,
          ].join("\n"),
        );
      }
    }
    daemon = spawn(process.execPath, [DDBRIDGE_BIN, ...daemonArgs(plan, socket)], {
      env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const url = await listening(daemon, timeoutMs, log);
    return { url, token, logs: () => ({ ...log }), stop };
  } catch (err) {
    await stop();
    throw new StartFailure((err as Error).message, { ...log });
  }
}

/** Refuses, before anything starts, a UI folder whose page only a dev server can serve. */
async function refuseSourcePage(dir: string): Promise<void> {
  const text = await readFile(join(dir, "metadata.json"), "utf8").catch(() => "{}");
  const tab = (JSON.parse(text) as { ui?: Record<string, { root?: string; src?: string }> }).ui?.[
    "dashboard-tab"
  ];
  if (!tab?.root) return;
  const page = join(dir, tab.root, tab.src ?? "index.html");
  const script = uncompiledScript(await readFile(page, "utf8").catch(() => ""));
  if (!script) return;
  throw new Error(
    [
      sourcePageAdvice(relative(dir, page), script),
      "Give the fixture your dev server, and let Playwright start it, in playwright.config.ts:",
      '  use: { extension: { dir: ".", uiSource: "http://localhost:3000" } },',
      '  webServer: { command: "npm run dev --prefix ui", url: "http://localhost:3000" },',
      "or build the UI first (npm run build --prefix ui) and point ui.dashboard-tab.root at the build.",
      "(npx ddbridge init-tests writes such a config.)",
    ].join("\n"),
  );
}

/** Folders (relative to `dir`, one level deep, and `dir` itself as ".") holding a go.mod. */
async function goModules(dir: string): Promise<string[]> {
  const found: string[] = [];
  const has = (d: string) =>
    stat(join(dir, d, "go.mod")).then(
      () => true,
      () => false,
    );
  if (await has(".")) found.push(".");
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (
      e.isDirectory() &&
      !e.name.startsWith(".") &&
      e.name !== "node_modules" &&
      (await has(e.name))
    ) {
      found.push(e.name);
    }
  }
  return found;
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

function indent(text: string): string {
  return text.replace(/^/gm, "    ");
}

async function socketName(dir: string): Promise<string> {
  const text = await readFile(join(dir, "metadata.json"), "utf8").catch(() => "{}");
  const meta = JSON.parse(text) as { vm?: { exposes?: { socket?: string } } };
  return meta.vm?.exposes?.socket ?? "backend.sock";
}

/**
 * Resolves once something accepts connections on `path` (undefined), or with
 * why it never did: it could not start, it exited, or the time ran out.
 */
async function waitForSocket(
  path: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<string | undefined> {
  const failed = new Promise<string>((resolve) => {
    child.once("error", (e) => resolve(`could not start (${e.message})`));
    child.once("exit", (code, signal) => {
      // Its last output may still be in the pipes: wait for them briefly.
      const said = () =>
        resolve(`exited (${signal ?? `code ${code}`}) before listening on its socket`);
      const timer = setTimeout(said, 500);
      child.once("close", () => {
        clearTimeout(timer);
        said();
      });
    });
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await Promise.race([
      new Promise<boolean>((r) => {
        const s = connect(path, () => {
          s.destroy();
          r(true);
        });
        s.once("error", () => r(false));
      }),
      failed,
    ]);
    if (ok === true) return undefined;
    if (typeof ok === "string") return ok;
    if (Date.now() > deadline) {
      return `did not listen on its socket ({socket}: ${path}) within ${timeoutMs} ms`;
    }
    const waited = await Promise.race([new Promise((r) => setTimeout(r, 50)), failed]);
    if (typeof waited === "string") return waited;
  }
}

/** Resolves with the daemon's URL from its "listening" log line. */
function listening(
  daemon: ChildProcess,
  timeoutMs: number,
  log: { daemon: string },
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    daemon.stdout!.on("data", (d: Buffer) => (log.daemon += d));
    daemon.stderr!.on("data", (d: Buffer) => (log.daemon += d));
    // Only the log up to the ready line is scanned: the daemon logs a line per
    // call, and re-reading the whole log at each one made a long test's
    // runner process slower by the call.
    let head = "";
    const scan = (d: Buffer) => {
      head += d;
      const m = /"msg":"listening","url":"([^"]+)"/.exec(head);
      if (!m) return;
      daemon.stderr!.off("data", scan);
      resolve(m[1]!);
    };
    daemon.stderr!.on("data", scan);
    daemon.once("exit", (code) =>
      reject(new Error(`ddbridge exited (${code}) before serving:\n${indent(tail(log.daemon))}`)),
    );
    setTimeout(
      () =>
        reject(
          new Error(
            `ddbridge did not serve within ${timeoutMs} ms (ddbridgeStartTimeout):\n${indent(tail(log.daemon))}`,
          ),
        ),
      timeoutMs,
    ).unref();
  });
}
