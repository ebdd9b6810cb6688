import { delimiter, resolve } from "node:path";
import { type ProcessRunnerOptions, processRunner } from "./process-runner.js";
import { resolveHostBinary } from "./resolve-host-binary.js";
import type { ExecRunner } from "./runner.js";

/** Settings of the host runner. */
export interface HostRunnerOptions extends ProcessRunnerOptions {
  /** The extension's host binaries directory (`host.binaries`, copied out). */
  hostDir: string;
  /** Default working directory of host commands. */
  workdir: string;
}

/**
 * Runs binaries the extension ships, on the host. The binaries directory is
 * put first on the child's PATH so one shipped binary can call another.
 */
export function createHostRunner(options: HostRunnerOptions): ExecRunner {
  return processRunner(async (spec) => {
    const env = { ...options.baseEnv, ...spec.env };
    env.PATH = [options.hostDir, env.PATH].filter(Boolean).join(delimiter);
    return {
      file: await resolveHostBinary(options.hostDir, spec.command),
      args: spec.args,
      cwd: resolve(options.workdir, spec.cwd),
      env,
      killGraceMs: options.killGraceMs,
    };
  });
}
