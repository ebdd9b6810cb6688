import { isAbsolute, resolve } from "node:path";
import { type ProcessRunnerOptions, processRunner } from "./process-runner.js";
import type { ExecRunner } from "./runner.js";

/** Settings of the local VM runner. */
export interface LocalRunnerOptions extends ProcessRunnerOptions {
  /** The backend's working directory: default cwd, and base of relative commands. */
  workdir: string;
}

/**
 * The embedded VM runner: commands run as plain processes in the backend's
 * working directory, which needs no Docker. It is the stand-in for "inside the
 * backend container" when the backend runs on the host.
 */
export function createLocalRunner(options: LocalRunnerOptions): ExecRunner {
  return processRunner((spec) => {
    const cwd = resolve(options.workdir, spec.cwd);
    // "./hello.sh" resolves against the working directory, as in a container.
    const relative = spec.command.includes("/") && !isAbsolute(spec.command);
    return {
      file: relative ? resolve(cwd, spec.command) : spec.command,
      args: spec.args,
      cwd,
      env: { ...options.baseEnv, ...spec.env },
      killGraceMs: options.killGraceMs,
    };
  });
}
