import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import {
  childFailure,
  DDBRIDGE_BIN,
  DdbridgeStartError,
  type ExtensionMetadata,
  readMetadata,
  sourcePageAdvice,
  startDdbridge,
  stopProcessGroup,
  uncompiledScript,
  waitForSocket,
} from "@ddbridge/bridge-daemon";
import { backendAdvice } from "./backend-advice.js";
import { type BridgePlan, backendInvocation, daemonArgs } from "./extension-options.js";
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
    const metadata = plan.kind === "serve" ? await metadataOf(plan.dir) : {};
    if (plan.uiSource) await waitForUiSource(plan.uiSource, Math.min(timeoutMs, 10_000));
    else if (plan.kind === "serve") await refuseSourcePage(plan.dir, metadata);
    let socket: string | undefined;
    if (plan.kind === "serve" && plan.backend) {
      await mkdir(join(tmp, "guest-services"));
      socket = join(tmp, "guest-services", metadata.vm?.exposes?.socket ?? "backend.sock");
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
      const stopped = childFailure(backend).then((why) => `${why} before listening on its socket`);
      const waited = await waitForSocket(socket, { timeoutMs, until: stopped });
      const problem =
        waited?.startsWith("did not listen") === true
          ? `did not listen on its socket ({socket}: ${socket}) within ${timeoutMs} ms`
          : waited;
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
    const [command, ...args] = daemonArgs(plan, socket);
    const started = await startDdbridge(args, {
      command: command as "serve" | "up",
      env,
      detached: true,
      timeoutMs,
    }).catch((err: Error) => {
      if (err instanceof DdbridgeStartError) log.daemon += err.output.stderr + err.output.stdout;
      throw new Error(daemonFailure(err.message));
    });
    daemon = started.child;
    // The log so far, then each chunk as it comes: append-only, as a test's slice of it needs.
    const { stderr, stdout } = started.output();
    log.daemon += stderr + stdout;
    daemon.stdout!.on("data", (d: Buffer) => (log.daemon += d));
    daemon.stderr!.on("data", (d: Buffer) => (log.daemon += d));
    return { url: started.url, token, logs: () => ({ ...log }), stop };
  } catch (err) {
    await stop();
    throw new StartFailure((err as Error).message, { ...log });
  }
}

/** Refuses, before anything starts, a UI folder whose page only a dev server can serve. */
async function refuseSourcePage(dir: string, metadata: ExtensionMetadata): Promise<void> {
  const tab = metadata.ui?.["dashboard-tab"];
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

/** The extension's metadata.json as the daemon reads it; the daemon itself reports a missing or bad one. */
async function metadataOf(dir: string): Promise<ExtensionMetadata> {
  return readMetadata(dir).catch(() => ({}));
}

/** startDdbridge's failure as the fixture shows it: the option to raise, the last lines of the log. */
function daemonFailure(message: string): string {
  const [first = "", ...rest] = message.split("\n");
  const what = first.replace(/ within (\d+) ms:$/, " within $1 ms (ddbridgeStartTimeout):");
  return `${what}\n${indent(tail(rest.join("\n")))}`;
}
