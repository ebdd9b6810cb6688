import { delimiter, resolve } from "node:path";
import { resolveHostBinary } from "./resolve-host-binary.js";
import type { ExecRunner } from "./runner.js";
import { spawnProcess } from "./spawn-process.js";

/** Settings of the host runner. */
export interface HostRunnerOptions {
  /** The extension's host binaries directory (`host.binaries`, copied out). */
  hostDir: string;
  /** Default working directory of host commands. */
  workdir: string;
  baseEnv: NodeJS.ProcessEnv;
  killGraceMs: number;
}

/**
 * Runs binaries the extension ships, on the host. The binaries directory is
 * put first on the child's PATH so one shipped binary can call another.
 */
export function createHostRunner(options: HostRunnerOptions): ExecRunner {
  return {
    async *run(spec, signal) {
      const file = await resolveHostBinary(options.hostDir, spec.command);
      const env = { ...options.baseEnv, ...spec.env };
      env.PATH = [options.hostDir, env.PATH].filter(Boolean).join(delimiter);
      yield* spawnProcess(
        {
          file,
          args: spec.args,
          cwd: resolve(options.workdir, spec.cwd),
          env,
          killGraceMs: options.killGraceMs,
        },
        signal,
      );
    },
  };
}
