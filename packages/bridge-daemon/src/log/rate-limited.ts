/**
 * Wraps a log call so that a flood (thousands of refused calls a second)
 * writes at most one line per `intervalMs`; the next line written says how
 * many were left out since the last one, so nothing is hidden silently.
 */
export function rateLimited<A extends unknown[]>(
  intervalMs: number,
  write: (suppressed: number, ...args: A) => void,
  now: () => number = Date.now,
): (...args: A) => void {
  let last = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (...args) => {
    const t = now();
    if (t - last < intervalMs) {
      suppressed++;
      return;
    }
    last = t;
    const n = suppressed;
    suppressed = 0;
    write(n, ...args);
  };
}
