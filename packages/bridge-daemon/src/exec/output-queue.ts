import type { Readable } from "node:stream";

/** Which of a process's output streams a chunk came from. */
export type StreamName = "stdout" | "stderr";

/** Bytes a process wrote to one of its streams. */
export interface OutputChunk {
  stream: StreamName;
  data: Uint8Array;
}

/** Chunks this large are sent as they are; smaller ones are joined with those after them. */
const JOIN_BELOW = 32 * 1024;

/** Tuning for {@link mergeOutput}; the defaults keep a slow reader's cost bounded. */
export interface MergeOutputOptions {
  /** Pause the sources when this many bytes are queued. */
  highWaterMark?: number;
  /** Adjacent chunks of one stream are joined up to this size per message. */
  maxChunk?: number;
}

/**
 * Merges a process's stdout and stderr into one ordered sequence of chunks.
 *
 * Chunks are yielded in arrival order, so each stream's bytes stay in the
 * order the process wrote them. The sources are paused while more than
 * `highWaterMark` bytes wait, so a slow consumer slows the process (its pipe
 * fills and its writes block) instead of growing memory. Adjacent chunks of
 * the same stream are joined (up to `maxChunk`) to save per-message overhead
 * when a process writes many small pieces.
 */
export async function* mergeOutput(
  sources: Partial<Record<StreamName, Readable | null>>,
  options: MergeOutputOptions = {},
): AsyncGenerator<OutputChunk> {
  const highWaterMark = options.highWaterMark ?? 1024 * 1024;
  const maxChunk = options.maxChunk ?? 256 * 1024;
  const streams = (Object.entries(sources) as [StreamName, Readable | null | undefined][]).filter(
    (entry): entry is [StreamName, Readable] => entry[1] != null,
  );
  const queue: OutputChunk[] = [];
  let queuedBytes = 0;
  let open = streams.length;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let paused = false;

  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const listeners = streams.map(([name, stream]) => {
    const onData = (data: Buffer) => {
      queue.push({ stream: name, data });
      queuedBytes += data.byteLength;
      if (queuedBytes >= highWaterMark && !paused) {
        paused = true;
        for (const [, s] of streams) s.pause();
      }
      notify();
    };
    let ended = false;
    const onEnd = () => {
      if (ended) return;
      ended = true;
      open--;
      notify();
    };
    const onError = (err: Error) => {
      failure ??= err;
      onEnd();
    };
    stream.on("data", onData);
    stream.once("end", onEnd);
    stream.once("close", onEnd);
    stream.once("error", onError);
    return () => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("close", onEnd);
      stream.off("error", onError);
    };
  });

  try {
    for (;;) {
      if (queue.length > 0) {
        const first = queue.shift()!;
        let size = first.data.byteLength;
        const parts = [first.data];
        // Only small pieces are joined: copying whole pipe reads into larger
        // messages cost more CPU than the per-message cost it saved
        // (docs/benchmarks.md, "Measured decisions").
        while (size < JOIN_BELOW && queue.length > 0 && queue[0]!.stream === first.stream) {
          const next = queue[0]!.data.byteLength;
          if (size + next > maxChunk) break;
          parts.push(queue.shift()!.data);
          size += next;
        }
        queuedBytes -= size;
        if (paused && queuedBytes < highWaterMark / 2) {
          paused = false;
          for (const [, s] of streams) s.resume();
        }
        yield {
          stream: first.stream,
          data: parts.length === 1 ? first.data : Buffer.concat(parts, size),
        };
        continue;
      }
      if (open === 0) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    if (failure) throw failure;
  } finally {
    for (const remove of listeners) remove();
  }
}
