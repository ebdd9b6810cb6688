import { readlink } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import type Docker from "dockerode";
import type { Logger } from "../log/logger.js";
import { signalGroup, terminateGroup } from "../process/signal-group.js";

/** How the engine saw an exec start: running (or already done), or refused to start. */
/** Whether the command started; `running`: the engine saw it run (not yet ended). */
export type ExecStart = { ok: true; running: boolean } | { ok: false; exitCode: number };

/** An exec's process as far as the engine tells: its start, its end, and how to end it. */
export interface ContainerProcess {
  /** After the first output or the end: did the command start at all? */
  started(): Promise<ExecStart>;
  /** The exit code, once the engine has it (the stream can end a moment before). */
  exitCode(): Promise<number>;
  /** SIGTERM to the command's group, SIGKILL after the grace period; never rejects. */
  terminate(): Promise<void>;
  /** Sends `name` to the command's group when the engine is local; else logs that it cannot. */
  signal(name: NodeJS.Signals): void;
}

/** Where the exec runs and how long a cancelled command may take to end. */
export interface ContainerProcessOptions {
  container: Docker.Container;
  /** Name of the container, for log lines. */
  name: string;
  killGraceMs: number;
  logger?: Logger;
}

/**
 * Follows one exec through the engine's inspect. The Engine API has no way
 * to signal an exec, but runc starts each exec as a session (and group)
 * leader, so its group is exactly the command and what it started; when the
 * engine is local, a signal to that group from the host reaches them all.
 */
export function containerProcess(
  exec: Docker.Exec,
  options: ContainerProcessOptions,
): ContainerProcess {
  let pid = 0;
  let local: Promise<boolean> | undefined;
  let terminating: Promise<void> | undefined;
  let finished: number | undefined;
  const inspect = () => exec.inspect();
  const isLocal = () => {
    local ??= options.container
      .inspect()
      .then((c) => isLocalContainerProcess(pid, c.State.Pid))
      .catch(() => false);
    return local;
  };
  return {
    async started() {
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
      return { ok: true, running: info.Running && pid > 0 };
    },
    async exitCode() {
      if (finished !== undefined) return finished;
      for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
        const info = await inspect();
        if (!info.Running && info.ExitCode !== null) return info.ExitCode;
        await sleep(wait);
      }
    },
    signal(name) {
      void (async () => {
        if (pid === 0) pid = (await inspect().catch(() => ({ Pid: 0 }))).Pid;
        if (pid > 0 && (await isLocal())) signalGroup(pid, name);
        else
          options.logger?.warn("cannot signal a command in a remote engine's container", {
            container: options.name,
            signal: name,
          });
      })();
    },
    terminate() {
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
              { container: options.name, pid },
            );
            return;
          }
          await terminateGroup(
            pid,
            options.killGraceMs,
            stopsRunning(inspect, options.killGraceMs),
          );
        } catch (err) {
          options.logger?.warn("ending an exec failed", { error: String(err) });
        }
      })();
      return terminating;
    },
  };
}

/** Resolves once the engine reports the exec no longer running, or when `ms` have passed. */
async function stopsRunning(inspect: () => Promise<{ Running: boolean }>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await sleep(50);
    if (!(await inspect().catch(() => ({ Running: false }))).Running) return;
  }
}

/**
 * Whether host PID `execPid` is a process of the container whose init is host
 * PID `containerPid`: true only when the engine runs on this machine (same
 * kernel, visible /proc) and the two share a PID namespace.
 */
export async function isLocalContainerProcess(
  execPid: number,
  containerPid: number,
): Promise<boolean> {
  if (!(execPid > 0 && containerPid > 0)) return false;
  const [a, b] = await Promise.all([
    readlink(`/proc/${execPid}/ns/pid`).catch(() => undefined),
    readlink(`/proc/${containerPid}/ns/pid`).catch(() => undefined),
  ]);
  return a !== undefined && a === b;
}
