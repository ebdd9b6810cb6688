import { refuseLoaderEnv } from "./loader-env.js";
import type { ExecRunner, ExecSpec } from "./runner.js";
import { type SpawnSpec, spawnProcess } from "./spawn-process.js";
import { spawnPty } from "./spawn-pty.js";

/** Settings every runner that starts host processes shares. */
export interface ProcessRunnerOptions {
  /** Environment every command starts from (the daemon's own, minus its secrets). */
  baseEnv: NodeJS.ProcessEnv;
  /** Time between SIGTERM and SIGKILL when a command is cancelled. */
  killGraceMs: number;
}

/** How a runner turns a checked spec into the process to spawn. */
export type PrepareSpawn = (spec: ExecSpec) => Promise<SpawnSpec> | SpawnSpec;

/**
 * A runner whose commands are processes on this host: `prepare` decides what
 * to run (which file, where, with what environment); spawning, output,
 * cancelling and the exit status are the same for all of them, and so is
 * the refusal of the loader's variables (LD_PRELOAD...) from the caller.
 */
export function processRunner(prepare: PrepareSpawn): ExecRunner {
  return {
    async *run(spec, signal, attach) {
      refuseLoaderEnv(spec.env);
      const prepared = await prepare(spec);
      if (attach?.tty) yield* spawnPty(prepared, attach.tty, signal);
      else yield* spawnProcess(prepared, signal, attach !== undefined);
    },
  };
}
