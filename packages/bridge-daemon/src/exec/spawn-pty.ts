import { constants as fsConstants } from "node:fs";
import { access } from "node:fs/promises";
import { constants } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import { isDirectory } from "../fs/is-directory.js";
import { signalGroup, terminateGroup } from "../process/signal-group.js";
import { closeOfProcess } from "./exit-status.js";
import { killMarkedOf } from "./marked-processes.js";
import { ensureWatchdog } from "./orphan-watchdog.js";
import { newRunMarker, RUN_MARKER } from "./run-marker.js";
import type { ExecEvent, ProcessInput, TerminalSize } from "./runner.js";
import type { SpawnSpec } from "./spawn-process.js";
import { startErrors } from "./start-errors.js";

type NodePty = typeof import("node-pty");
type Pty = import("node-pty").IPty;

/** Output waiting for the caller beyond this pauses the terminal (the command then blocks). */
const HIGH_WATER = 1024 * 1024;
/** Input node-pty holds for a command that does not read: writes wait above this. */
const INPUT_HIGH_WATER = 256 * 1024;

let loaded: Promise<NodePty | undefined> | undefined;

/**
 * node-pty is an optional peer (a native build from source, 60 MB): whoever
 * wants host terminals installs it beside ddbridge; without it they are
 * refused, and pipes still work.
 */
function loadNodePty(): Promise<NodePty | undefined> {
  loaded ??= import("node-pty").then(
    (m) => ((m as { default?: NodePty }).default ?? m) as NodePty,
    () => undefined,
  );
  return loaded;
}

/** Whether this daemon can open a terminal for host commands. */
export async function canOpenPty(): Promise<boolean> {
  return (await loadNodePty()) !== undefined;
}

/**
 * Spawns a process in a new pseudo-terminal of `size` (node-pty: no shell; the
 * child is a session and group leader, so group signals reach what it
 * starts). Events are those of {@link spawnProcess}: all output is stdout, as
 * a terminal merges it; the started event carries the terminal's input.
 */
export async function* spawnPty(
  spec: SpawnSpec,
  size: TerminalSize,
  signal: AbortSignal,
): AsyncGenerator<ExecEvent> {
  const ptyLib = await loadNodePty();
  if (!ptyLib) {
    throw new ConnectError(
      "this daemon cannot open a terminal for host commands: install node-pty beside ddbridge (npm i node-pty; it builds with python3, make and a C++ compiler), or run without a TTY",
      Code.FailedPrecondition,
    );
  }
  if (!(await isDirectory(spec.cwd))) throw startErrors.noWorkdir(spec.cwd);
  const file = await executableOf(spec.file, spec.cwd, spec.env.PATH);
  signal.throwIfAborted();
  ensureWatchdog();
  const marker = newRunMarker();
  let term: Pty;
  try {
    term = ptyLib.spawn(file, spec.args, {
      name: spec.env.TERM ?? "xterm-256color",
      cols: size.cols,
      rows: size.rows,
      cwd: spec.cwd,
      env: { ...spec.env, [RUN_MARKER]: marker } as Record<string, string>,
      encoding: null,
    });
  } catch (err) {
    throw startErrors.other(file, (err as Error).message);
  }
  const pid = term.pid;
  const queue: Buffer[] = [];
  let queued = 0;
  let paused = false;
  let wake: (() => void) | undefined;
  let exit: { exitCode: number; signal?: number } | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const subscriptions = [
    term.onData((data) => {
      const chunk = data as unknown as Buffer;
      queue.push(chunk);
      queued += chunk.byteLength;
      if (queued >= HIGH_WATER && !paused) {
        paused = true;
        term.pause();
      }
      notify();
    }),
    term.onExit((e) => {
      exit = e;
      notify();
    }),
  ];
  // node-pty reports the exit only after the terminal closed its descriptor, and a write
  // after the close fails (node-pty logs it): the close is the end for input. (One issued
  // just before it can still fail the same way; the bytes had nowhere to go.)
  let closed = false;
  (term as unknown as { on(event: "close", listener: () => void): void }).on("close", () => {
    closed = true;
  });
  const exited = new Promise<void>((r) => {
    const check = () => (exit ? r() : setTimeout(check, 20).unref());
    check();
  });
  let ending: Promise<void> | undefined;
  const end = () => {
    ending ??= (async () => {
      if (!exit) await terminateGroup(pid, spec.killGraceMs, exited);
      else signalGroup(pid, "SIGKILL");
      await killMarkedOf(marker);
    })();
    return ending;
  };
  const onAbort = () => void end();
  signal.addEventListener("abort", onAbort, { once: true });
  if (signal.aborted) onAbort();
  try {
    yield { kind: "started", input: ptyInput(term, pid, () => exit !== undefined || closed) };
    for (;;) {
      if (signal.aborted) return;
      const chunk = queue.shift();
      if (chunk) {
        queued -= chunk.byteLength;
        if (paused && queued < HIGH_WATER / 2) {
          paused = false;
          term.resume();
        }
        yield { kind: "output", stream: "stdout", data: chunk };
        continue;
      }
      if (exit) break;
      await new Promise<void>((r) => {
        wake = r;
      });
    }
    if (signal.aborted) return;
    const name = exit.signal ? signalName(exit.signal) : null;
    yield closeOfProcess(name ? null : exit.exitCode, name);
  } finally {
    signal.removeEventListener("abort", onAbort);
    if (!exit) await end();
    signalGroup(pid, "SIGKILL");
    for (const s of subscriptions) s.dispose();
    term.kill("SIGKILL");
  }
}

/** The terminal's input; once the command has exited (`ended`), input is dropped. */
function ptyInput(term: Pty, pid: number, ended: () => boolean): ProcessInput {
  let endSent = false;
  return {
    async write(data) {
      if (ended() || data.byteLength === 0) return;
      // node-pty's write has no callback: its queue is read to hold a caller
      // that outruns the command (what a pipe's callback gives for free).
      while (pendingInput(term) > INPUT_HIGH_WATER) {
        await new Promise((r) => setTimeout(r, 10));
        if (ended()) return;
      }
      term.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    },
    end() {
      // A terminal has no end of file of its own: ^D, as a person would type it.
      if (ended() || endSent) return;
      endSent = true;
      term.write("\x04");
    },
    resize(size) {
      if (ended()) return;
      try {
        term.resize(size.cols, size.rows);
      } catch {
        // the terminal is gone
      }
    },
    signal(name) {
      signalGroup(pid, name);
    },
  };
}

function pendingInput(term: Pty): number {
  const queue = (term as unknown as { _writeStream?: { _writeQueue?: { buffer: Buffer }[] } })
    ._writeStream?._writeQueue;
  return queue ? queue.reduce((n, q) => n + q.buffer.byteLength, 0) : 0;
}

const NAMES = new Map(Object.entries(constants.signals).map(([k, v]) => [v, k]));

function signalName(n: number): NodeJS.Signals | null {
  return (NAMES.get(n) as NodeJS.Signals | undefined) ?? null;
}

/** The file `exec` would run: a path against `cwd`, else the first executable on PATH. */
async function executableOf(file: string, cwd: string, path = ""): Promise<string> {
  const candidates = file.includes("/")
    ? [isAbsolute(file) ? file : resolve(cwd, file)]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, file));
  let exists = false;
  for (const candidate of candidates) {
    try {
      await access(candidate, fsConstants.X_OK);
      if (!(await isDirectory(candidate))) return candidate;
    } catch {
      exists ||= await access(candidate).then(
        () => true,
        () => false,
      );
    }
  }
  throw exists ? startErrors.notExecutable(file) : startErrors.notFound(file);
}
