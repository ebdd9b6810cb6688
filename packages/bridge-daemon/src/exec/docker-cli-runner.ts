import { homedir } from "node:os";
import { resolve } from "node:path";
import { Code, ConnectError } from "@connectrpc/connect";
import { type ProcessRunnerOptions, processRunner } from "./process-runner.js";
import type { ExecRunner } from "./runner.js";

/** Settings of the runner behind `ddClient.docker.cli.exec`. */
export interface DockerCliRunnerOptions extends ProcessRunnerOptions {
  /** What points the CLI at the daemon's engine (DOCKER_HOST, or DOCKER_CONTEXT); undefined unsets. */
  engineEnv: Record<string, string | undefined>;
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
    env: definedOnly({ ...options.baseEnv, ...options.engineEnv, ...spec.env }),
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

/** An environment without the variables set to undefined (which spawn would pass as "undefined"). */
function definedOnly(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
}
