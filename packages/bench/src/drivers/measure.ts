/** Timing helpers shared by the benchmarks: no assertions, just numbers. */
import { readFileSync } from "node:fs";

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** p50 and p99 in ms of `n` sequential calls, after a warm-up of a tenth (at least 10). */
export async function timeEach(n: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < Math.max(10, n / 10); i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/**
 * Like {@link timeEach} for several paths at once, taking turns call by call,
 * so a drift of the machine (or of the engine's state) during the run weighs
 * on every path alike.
 */
export async function timeInTurns<K extends string>(
  n: number,
  fns: Record<K, () => Promise<unknown>>,
): Promise<Record<K, { p50: number; p99: number }>> {
  const keys = Object.keys(fns) as K[];
  const times = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < Math.max(3, n / 10); i++) for (const k of keys) await fns[k]();
  for (let i = 0; i < n; i++) {
    for (const k of keys) {
      const t = performance.now();
      await fns[k]();
      times[k].push(performance.now() - t);
    }
  }
  return Object.fromEntries(
    keys.map((k) => {
      const sorted = times[k].sort((a, b) => a - b);
      return [k, { p50: percentile(sorted, 50), p99: percentile(sorted, 99) }];
    }),
  ) as Record<K, { p50: number; p99: number }>;
}

/**
 * Runs `call` from `concurrency` workers for `seconds` (after a short warm-up)
 * and reports requests per second and latency percentiles in ms.
 */
export async function load(
  call: () => Promise<unknown>,
  concurrency: number,
  seconds: number,
): Promise<LoadResult> {
  const warm = Date.now() + Math.min(300, seconds * 200);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < warm) await call();
    }),
  );
  const times: number[] = [];
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        await call();
        times.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    seconds: elapsed,
    rps: times.length / elapsed,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
  };
}

/** Resident set size figures of a process, in MiB, from /proc. */
export function memory(pid: number, field: "VmRSS" | "VmHWM"): number {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(text);
  return Number(m?.[1]) / 1024;
}
