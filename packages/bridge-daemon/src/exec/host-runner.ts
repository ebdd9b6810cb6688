import { delimiter, dirname, resolve } from "node:path";
import { type ProcessRunnerOptions, processRunner } from "./process-runner.js";
import { resolveHostBinary } from "./resolve-host-binary.js";
import type { ExecRunner } from "./runner.js";

/** Settings of the host runner. */
export interface HostRunnerOptions extends ProcessRunnerOptions {
  /** The extension's host binaries directory (`host.binaries`, copied out). */
  hostDir: string;
  /** When set, only these binaries (base name → file inside `hostDir`) run. */
  binaries?: Record<string, string> | undefined;
  /** Default working directory of host commands. */
  workdir: string;
}

/**
 * Runs binaries the extension ships, on the host. The binaries' folders are
 * put first on the child's PATH so one shipped binary can call another.
 */
export function createHostRunner(options: HostRunnerOptions): ExecRunner {
  const binDirs = options.binaries
    ? [...new Set(Object.values(options.binaries).map((f) => dirname(f)))]
    : [options.hostDir];
  return processRunner(async (spec) => {
    const env = { ...options.baseEnv, ...spec.env };
    env.PATH = [...binDirs, env.PATH].filter(Boolean).join(delimiter);
    return {
      file: await resolveHostBinary(
        options.hostDir,
        spec.command,
        process.platform,
        options.binaries,
      ),
      args: spec.args,
      cwd: resolve(options.workdir, spec.cwd),
      env,
      killGraceMs: options.killGraceMs,
    };
  });
}
