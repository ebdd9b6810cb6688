import { homedir } from "node:os";
import { resolve } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import type { ExecRunner } from "../exec/runner.js";
import { spawnProcess } from "../exec/spawn-process.js";
import type { DockerEngine } from "./engine.js";

/** Settings of the runner behind `ddClient.docker.cli.exec`. */
export interface DockerCliRunnerOptions {
  engine: DockerEngine;
  /** The docker CLI: a path, or a name looked up on PATH. */
  cli: string;
  baseEnv: NodeJS.ProcessEnv;
  killGraceMs: number;
}

/**
 * Runs the Docker CLI (never a shell) against the daemon's engine: `command`
 * is the CLI's first argument, as in `ddClient.docker.cli.exec("ps", [...])`.
 */
export function createDockerCliRunner(options: DockerCliRunnerOptions): ExecRunner {
  return {
    async *run(spec, signal) {
      if (spec.command === "") {
        throw new ConnectError("command must not be empty", Code.InvalidArgument);
      }
      try {
        yield* spawnProcess(
          {
            file: options.cli,
            args: [spec.command, ...spec.args],
            cwd: resolve(homedir(), spec.cwd),
            env: { ...options.baseEnv, DOCKER_HOST: options.engine.host, ...spec.env },
            killGraceMs: options.killGraceMs,
          },
          signal,
        );
      } catch (err) {
        if (err instanceof ConnectError && err.code === Code.NotFound) {
          throw new ConnectError(
            `the docker CLI (${options.cli}) is not installed on the daemon's host`,
            Code.FailedPrecondition,
          );
        }
        throw err;
      }
    },
  };
}
