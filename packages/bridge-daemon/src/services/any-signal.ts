/**
 * One signal for "the call ended, or the daemon stops, or ...", and a way to
 * drop the listeners from long-lived sources when the call is over.
 * `AbortSignal.any` is not used: in Node 20 a long-lived source keeps every
 * signal made from it alive, so memory grows with every call ever made.
 */
export function anySignal(sources: (AbortSignal | undefined)[]) {
  const either = new AbortController();
  const unlinks: (() => void)[] = [];
  for (const source of sources) {
    if (!source) continue;
    if (source.aborted) {
      either.abort(source.reason);
      break;
    }
    const onAbort = () => either.abort(source.reason);
    source.addEventListener("abort", onAbort, { once: true });
    unlinks.push(() => source.removeEventListener("abort", onAbort));
  }
  return {
    signal: either.signal,
    unlink() {
      for (const u of unlinks) u();
    },
  };
}
