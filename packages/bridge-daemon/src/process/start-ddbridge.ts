import { type ChildProcess, type SpawnOptionsWithStdioTuple, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childFailure } from "./child-failure.js";
import { DDBRIDGE_BIN } from "./ddbridge-bin.js";
import { type ReadySignal, readReadyFile } from "./ready-file.js";

/** How to start ddbridge. */
export interface StartDdbridgeOptions {
  /** `serve` (default) or `up`: the commands that serve and take `--ready-file`. */
  command?: "serve" | "up" | "host";
  /** The whole environment of the process (default: this one's). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Leads its own process group, for {@link stopProcessGroup}. */
  detached?: boolean;
  /** Runs under this `ulimit -n` (the shell execs Node, so the pid is still ddbridge's). */
  openFiles?: number;
}

/** A ddbridge process that has said it serves. */
export interface DdbridgeProcess {
  child: ChildProcess;
  ready: ReadySignal;
  /** Its TCP base URL ("" with `--listen none`). */
  url: string;
  /** Everything it wrote so far. */
  output(): { stdout: string; stderr: string };
  exit: Promise<number | null>;
}

/** Why ddbridge did not serve, with everything it wrote. */
export class DdbridgeStartError extends Error {
  constructor(
    message: string,
    readonly output: { stdout: string; stderr: string },
  ) {
    super(message);
    this.name = "DdbridgeStartError";
  }
}

/**
 * Starts `ddbridge COMMAND ARGS` and resolves once its `--ready-file`
 * signal appears; rejects, with what it wrote, when it exits first or the
 * time runs out (and then the process is killed).
 */
export async function startDdbridge(
  args: readonly string[],
  {
    command = "serve",
    env = process.env,
    timeoutMs = 15_000,
    detached = false,
    openFiles,
  }: StartDdbridgeOptions = {},
): Promise<DdbridgeProcess> {
  const folder = await mkdtemp(join(tmpdir(), "ddbridge-ready-"));
  const readyFile = join(folder, "ready.json");
  const argv = [DDBRIDGE_BIN, command, ...args, "--ready-file", readyFile];
  const options: SpawnOptionsWithStdioTuple<"ignore", "pipe", "pipe"> = {
    env,
    detached,
    stdio: ["ignore", "pipe", "pipe"],
  };
  const child =
    openFiles === undefined
      ? spawn(process.execPath, argv, options)
      : spawn(
          "/bin/sh",
          ["-c", `ulimit -n ${openFiles} && exec "$@"`, "sh", process.execPath, ...argv],
          options,
        );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d));
  child.stderr.on("data", (d: Buffer) => (stderr += d));
  const output = () => ({ stdout, stderr });
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const failed = childFailure(child);
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      const ready = await readReadyFile(readyFile);
      if (ready) return { child, ready, url: ready.url ?? "", output, exit };
      const stopped = await Promise.race([failed, new Promise((r) => setTimeout(r, 20))]);
      if (typeof stopped === "string") {
        throw new DdbridgeStartError(
          `ddbridge ${command} ${stopped} before serving:\n${stderr}${stdout}`,
          output(),
        );
      }
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(
          `ddbridge ${command} did not serve within ${timeoutMs} ms:\n${stderr}${stdout}`,
        );
      }
    }
  } finally {
    // Read or never coming: the daemon's removal at exit finds nothing, which it allows.
    await rm(folder, { recursive: true, force: true });
  }
}
