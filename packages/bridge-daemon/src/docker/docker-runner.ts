import { constants } from "node:os";
import { posix } from "node:path";
import type { Duplex } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { Code, ConnectError } from "@connectrpc/connect";
import type Docker from "dockerode";
import type { ExecEvent, ExecRunner, ExecSpec } from "../exec/runner.js";
import type { Logger } from "../log/logger.js";
import { type DemuxedChunk, demuxStream } from "./demux-stream.js";
import { type DockerEngine, engineError } from "./engine.js";
import { isLocalContainerProcess, signalExecGroup } from "./signal-exec.js";

/** Settings of the Docker VM runner. */
export interface DockerRunnerOptions {
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
 * the command's whole process group in the container (see signal-exec.ts).
 */
export function createDockerRunner(options: DockerRunnerOptions): ExecRunner {
  const { engine, container: name } = options;
  const fail = (err: unknown) => engineError(engine, err, `exec in container ${name}`);
  return {
    async *run(spec, signal) {
      if (spec.command === "") {
        throw new ConnectError("command must not be empty", Code.InvalidArgument);
      }
      const container = engine.api.getContainer(name);
      const workingDir = await workingDirOf(container, spec.cwd).catch((e) => {
        throw fail(e);
      });
      const exec = await container
        .exec({
          Cmd: [spec.command, ...spec.args],
          AttachStdin: false,
          AttachStdout: true,
          AttachStderr: true,
          Tty: false,
          ...(workingDir ? { WorkingDir: workingDir } : {}),
          Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
        })
        .catch((e) => {
          throw fail(e);
        });
      signal.throwIfAborted();
      const socket = (await exec
        .start({ hijack: true, stdin: false, Detach: false, Tty: false })
        .catch((e) => {
          throw fail(e);
        })) as Duplex;
      const proc = execProcess(exec, container, options);
      const onAbort = () => {
        // Ends the command; its stream then ends and the loop below stops.
        void proc.terminate().finally(() => socket.destroy());
      };
      signal.addEventListener("abort", onAbort, { once: true });
      // Aborted while the exec was starting: the listener came too late to hear it.
      if (signal.aborted) onAbort();
      const frames = demuxStream(socket)[Symbol.asyncIterator]();
      let exited = false;
      try {
        const first = await frames.next().catch((err) => {
          // Aborting destroys the socket under the read; anything else is a real failure.
          if (signal.aborted) return { done: true as const, value: undefined };
          throw err;
        });
        if (signal.aborted) return;
        const started = await proc.started().catch((e) => {
          throw fail(e);
        });
        if (!started.ok) {
          const text = [first.value, ...(await rest(frames))]
            .filter((c): c is DemuxedChunk => c !== undefined)
            .map((c) => Buffer.from(c.data).toString())
            .join("");
          throw startError(text, started.exitCode, spec, workingDir);
        }
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
        yield closeEvent(exitCode);
      } finally {
        signal.removeEventListener("abort", onAbort);
        // The consumer stopped early (cancel, error): the command must not outlive it.
        if (!exited) await proc.terminate();
        socket.destroy();
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

/** The exec's process as far as the engine tells: its start, end, and how to end it. */
function execProcess(exec: Docker.Exec, container: Docker.Container, options: DockerRunnerOptions) {
  let pid = 0;
  let local: Promise<boolean> | undefined;
  let terminating: Promise<void> | undefined;
  let finished: number | undefined;
  const inspect = () => exec.inspect();
  const isLocal = () => {
    local ??= container
      .inspect()
      .then((c) => isLocalContainerProcess(pid, c.State.Pid))
      .catch(() => false);
    return local;
  };
  return {
    /** After the first output or the end: did the command start at all? */
    async started(): Promise<{ ok: true } | { ok: false; exitCode: number }> {
      const info = await inspect();
      pid = info.Pid;
      if (pid === 0 && !info.Running && info.ExitCode !== null) {
        return { ok: false, exitCode: info.ExitCode };
      }
      if (!info.Running && info.ExitCode !== null) {
        finished = info.ExitCode; // a short command: this inspect already has its end
      } else if (pid > 0) {
        void isLocal(); // learn it while the process surely lives
      }
      return { ok: true };
    },
    /** The exit code, once the engine has it (the stream can end a moment before). */
    async exitCode(): Promise<number> {
      if (finished !== undefined) return finished;
      for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
        const info = await inspect();
        if (!info.Running && info.ExitCode !== null) return info.ExitCode;
        await sleep(wait);
      }
    },
    /** SIGTERM to the command's group, SIGKILL after the grace period. */
    terminate(): Promise<void> {
      terminating ??= (async () => {
        try {
          // Cancelled just after the start: the engine may not have started it yet.
          for (let wait = 1; pid === 0 && wait < 4096; wait *= 2) {
            const info = await inspect();
            pid = info.Pid;
            if (pid === 0 && info.ExitCode !== null) return; // it never started
            if (pid === 0) await sleep(wait);
          }
          if (pid === 0) return;
          if (!(await isLocal())) {
            options.logger?.warn(
              "cannot signal a command in a remote engine's container; it is left to finish",
              { container: options.container, pid },
            );
            return;
          }
          if (!signalExecGroup(pid, "SIGTERM")) return;
          const deadline = Date.now() + options.killGraceMs;
          while (Date.now() < deadline) {
            await sleep(50);
            if (!(await inspect()).Running) break;
          }
          // Children may linger after the leader: the group gets KILL either way.
          signalExecGroup(pid, "SIGKILL");
        } catch (err) {
          options.logger?.warn("ending an exec failed", { error: String(err) });
        }
      })();
      return terminating;
    },
  };
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

const SIGNAL_NAMES = new Map(
  Object.entries(constants.signals).map(([name, n]) => [n, name] as [number, string]),
);

/**
 * The engine reports a command killed by signal n as exit code 128+n (it does
 * not tell the two apart), so such codes are reported as that signal.
 */
function closeEvent(exitCode: number): ExecEvent {
  const signal = exitCode > 128 ? SIGNAL_NAMES.get(exitCode - 128) : undefined;
  return signal ? { kind: "close", exitCode, signal } : { kind: "close", exitCode };
}

/** Maps the OCI runtime's refusal to start (written into the stream) to a gRPC error. */
function startError(
  text: string,
  exitCode: number,
  spec: ExecSpec,
  workingDir: string,
): ConnectError {
  const detail = text.trim();
  if (/chdir to cwd/.test(detail)) {
    return new ConnectError(
      `working directory ${workingDir || spec.cwd} does not exist in the container`,
      Code.InvalidArgument,
    );
  }
  if (/permission denied/i.test(detail)) {
    return new ConnectError(`command cannot be executed: ${spec.command}`, Code.PermissionDenied);
  }
  if (exitCode === 127 || /not found|no such file/i.test(detail)) {
    return new ConnectError(`command not found: ${spec.command}`, Code.NotFound);
  }
  return new ConnectError(`cannot start ${spec.command}: ${detail}`, Code.FailedPrecondition);
}
