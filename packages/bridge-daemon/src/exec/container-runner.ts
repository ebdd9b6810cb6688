import { posix } from "node:path";
import type { Duplex } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { Code } from "@connectrpc/connect";
import type Docker from "dockerode";
import { type DemuxedChunk, demuxStream } from "../engine/demux-stream.js";
import { type DockerEngine, engineError } from "../engine/engine.js";
import type { Logger } from "../log/logger.js";
import { containerProcess } from "./container-process.js";
import { closeOfExitCode } from "./exit-status.js";
import { killMarkedOf } from "./marked-processes.js";
import { ensureWatchdog } from "./orphan-watchdog.js";
import { newRunMarker, RUN_MARKER } from "./run-marker.js";
import type { ExecEvent, ExecRunner, ExecSpec, TerminalSize } from "./runner.js";
import { startErrors } from "./start-errors.js";
import { streamInput } from "./stream-input.js";

/** How long an exec may be silent before the engine is asked whether it runs. */
const QUIET_MS = 50;

/** Settings of the container VM runner. */
export interface ContainerRunnerOptions {
  engine: DockerEngine;
  /** Name or ID of the backend container. */
  container: string;
  /** Time between SIGTERM and SIGKILL when a command is cancelled. */
  killGraceMs: number;
  logger?: Logger;
}

/**
 * The VM runner of a real backend container: each command is an exec through
 * the Engine API (never a shell), with `cwd` and `env` applied inside the
 * container and the exit code read from the exec's inspect. Cancelling ends
 * the command's whole process group in the container (see container-process.ts).
 */
export function createContainerRunner(options: ContainerRunnerOptions): ExecRunner {
  const { engine, container: name } = options;
  const fail = (err: unknown) => engineError(engine, err, `exec in container ${name}`);
  return {
    async *run(spec, signal, attach) {
      const tty = attach?.tty;
      const container = engine.api.getContainer(name);
      // On a local engine the host sees the exec's processes: the same marker
      // lets the watchdog (or the next start) end what the engine cannot.
      ensureWatchdog();
      const marker = newRunMarker();
      const workingDir = await workingDirOf(container, spec.cwd).catch((e) => {
        throw fail(e);
      });
      const exec = await container
        .exec({
          Cmd: [spec.command, ...spec.args],
          AttachStdin: attach !== undefined,
          AttachStdout: true,
          AttachStderr: true,
          Tty: tty !== undefined,
          ...(tty ? { ConsoleSize: [tty.rows, tty.cols] } : {}),
          ...(workingDir ? { WorkingDir: workingDir } : {}),
          Env: [
            ...Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
            `${RUN_MARKER}=${marker}`,
          ],
        })
        .catch((e) => {
          throw fail(e);
        });
      signal.throwIfAborted();
      const socket = (await exec
        .start({ hijack: true, stdin: attach !== undefined, Detach: false, Tty: tty !== undefined })
        .catch((e) => {
          throw fail(e);
        })) as Duplex;
      const proc = containerProcess(exec, { ...options, container, name });
      // The engine may leave ConsoleSize unapplied: the size is set again once
      // the exec runs (a resize before that fails), as the docker CLI does.
      if (tty) void sizeOnceRunning(exec, tty, signal);
      const onAbort = () => {
        // Ends the command; its stream then ends and the loop below stops.
        void proc.terminate().finally(() => socket.destroy());
      };
      signal.addEventListener("abort", onAbort, { once: true });
      // Aborted while the exec was starting: the listener came too late to hear it.
      if (signal.aborted) onAbort();
      // With a TTY the engine sends the terminal's bytes as they are: no stream headers.
      const frames = (tty ? rawStream(socket) : demuxStream(socket))[Symbol.asyncIterator]();
      let announced = false;
      const started = (): ExecEvent => {
        announced = true;
        if (!attach) return { kind: "started" };
        return {
          kind: "started",
          input: streamInput(socket, {
            resize: (size) =>
              void exec.resize({ h: size.rows, w: size.cols }).catch(() => {
                // the exec has ended
              }),
            signal: (name) => proc.signal(name),
          }),
        };
      };
      let exited = false;
      try {
        const reading = frames.next().catch((err) => {
          // Aborting destroys the socket under the read; anything else is a real failure.
          if (signal.aborted) return { done: true as const, value: undefined };
          throw err;
        });
        // A command silent at first: once the engine says it runs, the caller hears so
        // (asked again, less often, while the engine has not started it yet).
        let heard = await Promise.race([reading, sleep(QUIET_MS)]);
        for (let wait = QUIET_MS; heard === undefined && !signal.aborted; wait *= 2) {
          const early = await proc.started().catch((e) => {
            throw fail(e);
          });
          if (!early.ok) break; // it failed to start: the stream ends, and says why below
          if (early.running) {
            yield started();
            break;
          }
          heard = await Promise.race([reading, sleep(Math.min(wait, 1000))]);
        }
        const first = await reading;
        if (signal.aborted) return;
        const start = await proc.started().catch((e) => {
          throw fail(e);
        });
        if (!start.ok) {
          const text = [first.value, ...(await rest(frames))]
            .filter((c): c is DemuxedChunk => c !== undefined)
            .map((c) => Buffer.from(c.data).toString())
            .join("");
          throw startError(text, start.exitCode, spec, workingDir);
        }
        if (!announced && attach) yield started();
        if (!first.done) yield toEvent(first.value);
        for (;;) {
          const next = await frames.next();
          if (next.done || signal.aborted) break;
          yield toEvent(next.value);
        }
        if (signal.aborted) return;
        const exitCode = await proc.exitCode().catch((e) => {
          throw fail(e);
        });
        exited = true;
        yield closeOfExitCode(exitCode);
      } finally {
        signal.removeEventListener("abort", onAbort);
        // The consumer stopped early (cancel, error): the command must not outlive it.
        if (!exited) await proc.terminate();
        socket.destroy();
        // Cancelled: what left the exec's group (setsid), where the host can see it.
        if (signal.aborted) await killMarkedOf(marker);
      }
    },
  };
}

/** Resolves a relative `cwd` against the container's working directory. */
async function workingDirOf(container: Docker.Container, cwd: string): Promise<string> {
  if (cwd === "" || posix.isAbsolute(cwd)) return cwd;
  const info = await container.inspect();
  return posix.resolve(info.Config.WorkingDir || "/", cwd);
}

async function sizeOnceRunning(exec: Docker.Exec, size: TerminalSize, signal: AbortSignal) {
  for (let wait = 5; wait < 2000 && !signal.aborted; wait *= 2) {
    try {
      await exec.resize({ h: size.rows, w: size.cols });
      return;
    } catch {
      await sleep(wait);
    }
  }
}

/** A TTY exec's output: the connection's bytes, all as stdout. */
async function* rawStream(socket: Duplex): AsyncGenerator<DemuxedChunk> {
  for await (const data of socket) yield { stream: "stdout", data: data as Buffer };
}

async function rest(frames: AsyncIterator<DemuxedChunk>): Promise<DemuxedChunk[]> {
  const out: DemuxedChunk[] = [];
  try {
    for (;;) {
      const next = await frames.next();
      if (next.done) return out;
      out.push(next.value);
    }
  } catch {
    return out;
  }
}

function toEvent(chunk: DemuxedChunk): ExecEvent {
  // The engine's own error text ("system") is shown as stderr.
  return {
    kind: "output",
    stream: chunk.stream === "stdout" ? "stdout" : "stderr",
    data: chunk.data,
  };
}

/** Maps the OCI runtime's refusal to start (written into the stream) to a gRPC error. */
function startError(text: string, exitCode: number, spec: ExecSpec, workingDir: string) {
  const detail = text.trim();
  if (/chdir to cwd/.test(detail)) {
    return startErrors.noWorkdir(workingDir || spec.cwd, " in the container");
  }
  if (/permission denied/i.test(detail)) return startErrors.notExecutable(spec.command);
  if (exitCode === 127 || /not found|no such file/i.test(detail)) {
    return startErrors.notFound(spec.command);
  }
  return startErrors.other(spec.command, detail, Code.FailedPrecondition);
}
