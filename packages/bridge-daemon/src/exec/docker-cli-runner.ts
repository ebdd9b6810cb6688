import { homedir } from "node:os";
import { resolve } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import { type ProcessRunnerOptions, processRunner } from "./process-runner.js";
import type { ExecRunner } from "./runner.js";

/** Settings of the runner behind `ddClient.docker.cli.exec`. */
export interface DockerCliRunnerOptions extends ProcessRunnerOptions {
  /** The engine address the CLI is pointed at (DOCKER_HOST). */
  engineHost: string;
  /** The docker CLI: a path, or a name looked up on PATH. */
  cli: string;
}

/**
 * Runs the Docker CLI (never a shell) against the daemon's engine: `command`
 * is the CLI's first argument, as in `ddClient.docker.cli.exec("ps", [...])`.
 */
export function createDockerCliRunner(options: DockerCliRunnerOptions): ExecRunner {
  const cli = processRunner((spec) => ({
    file: options.cli,
    args: [spec.command, ...spec.args],
    cwd: resolve(homedir(), spec.cwd),
    env: { ...options.baseEnv, DOCKER_HOST: options.engineHost, ...spec.env },
    killGraceMs: options.killGraceMs,
  }));
  return {
    async *run(spec, signal, attach) {
      try {
        yield* cli.run(spec, signal, attach);
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
