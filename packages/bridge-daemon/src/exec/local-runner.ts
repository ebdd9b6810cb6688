import { isAbsolute, resolve } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import type { ExecRunner } from "./runner.js";
import { spawnProcess } from "./spawn-process.js";

/** Settings of the local VM runner. */
export interface LocalRunnerOptions {
  /** The backend's working directory: default cwd, and base of relative commands. */
  workdir: string;
  /** Environment every command starts from (the daemon's own, minus its secrets). */
  baseEnv: NodeJS.ProcessEnv;
  killGraceMs: number;
}

/**
 * The embedded VM runner: commands run as plain processes in the backend's
 * working directory, which needs no Docker. It is the stand-in for "inside the
 * backend container" when the backend runs on the host.
 */
export function createLocalRunner(options: LocalRunnerOptions): ExecRunner {
  return {
    async *run(spec, signal) {
      if (spec.command === "") {
        throw new ConnectError("command must not be empty", Code.InvalidArgument);
      }
      const cwd = resolve(options.workdir, spec.cwd);
      // "./hello.sh" resolves against the working directory, as in a container.
      const file =
        spec.command.includes("/") && !isAbsolute(spec.command)
          ? resolve(cwd, spec.command)
          : spec.command;
      yield* spawnProcess(
        {
          file,
          args: spec.args,
          cwd,
          env: { ...options.baseEnv, ...spec.env },
          killGraceMs: options.killGraceMs,
        },
        signal,
      );
    },
  };
}
