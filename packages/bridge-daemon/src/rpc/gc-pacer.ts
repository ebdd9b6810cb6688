/** Bytes of streamed output between two young-generation collections. */
export const PACE_BYTES = 4 * 1024 * 1024;

let collect: (() => void) | undefined;
let since = 0;

/**
 * Lets {@link paceCollection} run collections with `gc`, V8's young
 * collector, which only the process edge may expose (`serve` and `up` do, with
 * process/young-gc.ts): a library module never changes a process's V8 flags. An
 * embedder that passes nothing keeps V8's own schedule.
 */
export function usePacedCollection(gc: (() => void) | undefined): void {
  collect = gc;
  since = 0;
}

/**
 * Counts bytes a stream sent and runs a young-generation collection every
 * {@link PACE_BYTES}. Each chunk of a stream (a pipe read, its framed copy)
 * is a Buffer whose memory V8 frees only when a collection finds it dead,
 * and V8 collects for external memory only past a limit of its own, so dead
 * chunks pile up to tens of MiB during a long stream (docs/benchmarks.md has
 * the measured peaks); a scavenge of the few live objects costs well under a
 * millisecond.
 */
export function paceCollection(bytes: number): void {
  if (!collect) return;
  since += bytes;
  if (since < PACE_BYTES) return;
  since = 0;
  collect();
}
