/** 2^20 bytes. */
export const MiB = 1024 * 1024;

/** The sizes of one run: the full run's, or `--quick`'s (CI's smoke run: seconds, no asserts). */
export function runSizes(quick: boolean) {
  return {
    quick,
    cellSeconds: quick ? 0.2 : 1.5,
    execN: quick ? 20 : 200,
    streamBytes: quick ? 64 * MiB : 1024 * MiB,
    longStreamBytes: quick ? 256 * MiB : 10 * 1024 * MiB,
    openStreams: quick ? [100, 200] : [1000, 5000, 10_000],
    callers: quick ? 200 : 1000,
  };
}

/** What every section of a run shares: the sizes, how to start a daemon, where output goes. */
export interface BenchRun {
  sizes: ReturnType<typeof runSizes>;
  token: string;
  /** The fixture backend's socket. */
  socketPath: string;
  /** `ddbridge serve` arguments for a daemon in front of it. */
  daemonArgs: string[];
  env: NodeJS.ProcessEnv;
  /** Prints a line of the table (and keeps it for the JSON). */
  say(line?: string): void;
  /** The raw figures, written to the JSON. */
  results: Record<string, unknown>;
}

/** "+0.12" or "-0.12". */
export const signed = (n: number) => `${n >= 0 ? "+" : ""}${n.toFixed(2)}`;
