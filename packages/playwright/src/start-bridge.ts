import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type BridgePlan, backendInvocation, daemonArgs } from "./extension-options.js";
import { stopProcessGroup } from "./process-group.js";

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
  const env = { ...process.env, ...plan.env, DDBRIDGE_HOME: home, DDBRIDGE_TOKEN: token };
  let backend: ChildProcess | undefined;
  let daemon: ChildProcess | undefined;

  const stop = async () => {
    if (daemon) await stopProcessGroup(daemon);
    if (plan.kind === "up") {
      const down = spawnSync(process.execPath, [DDBRIDGE_BIN, "down", plan.source], {
        env,
        encoding: "utf8",
      });
      log.daemon += down.stdout + down.stderr;
    }
    if (backend) await stopProcessGroup(backend);
    await rm(tmp, { recursive: true, force: true });
  };

  try {
    let socket: string | undefined;
    if (plan.kind === "serve" && plan.backend) {
      await mkdir(join(tmp, "guest-services"));
      socket = join(tmp, "guest-services", await socketName(plan.dir));
      const { file, args, cwd } = backendInvocation(plan.backend, plan.dir, socket);
      backend = spawn(file, args, {
        cwd,
        env: { ...env, ...plan.backend.env },
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      backend.stdout!.on("data", (d: Buffer) => (log.backend += d));
      backend.stderr!.on("data", (d: Buffer) => (log.backend += d));
      await waitForSocket(socket, backend, timeoutMs, () => log.backend);
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
    throw err;
  }
}

async function socketName(dir: string): Promise<string> {
  const text = await readFile(join(dir, "metadata.json"), "utf8").catch(() => "{}");
  const meta = JSON.parse(text) as { vm?: { exposes?: { socket?: string } } };
  return meta.vm?.exposes?.socket ?? "backend.sock";
}

/** Resolves once something accepts connections on `path`; rejects with the backend's output if it exits or times out. */
async function waitForSocket(
  path: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
): Promise<void> {
  const failed = new Promise<never>((_, reject) => {
    child.once("error", (e) =>
      reject(new Error(`the backend command could not start: ${e.message}`)),
    );
    child.once("exit", (code, signal) =>
      reject(
        new Error(
          `the backend exited (${signal ?? code}) before listening on ${path}:\n${output()}`,
        ),
      ),
    );
  });
  failed.catch(() => {});
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
    if (ok) return;
    if (Date.now() > deadline) {
      throw new Error(`the backend did not listen on ${path} within ${timeoutMs} ms:\n${output()}`);
    }
    await Promise.race([new Promise((r) => setTimeout(r, 50)), failed]);
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
    daemon.stderr!.on("data", (d: Buffer) => {
      log.daemon += d;
      const m = /"msg":"listening","url":"([^"]+)"/.exec(log.daemon);
      if (m) resolve(m[1]!);
    });
    daemon.once("exit", (code) =>
      reject(new Error(`ddbridge exited (${code}) before serving:\n${log.daemon}`)),
    );
    setTimeout(
      () => reject(new Error(`ddbridge did not serve within ${timeoutMs} ms:\n${log.daemon}`)),
      timeoutMs,
    ).unref();
  });
}
