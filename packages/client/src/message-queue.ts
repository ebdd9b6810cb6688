/**
 * Messages pushed by one side and read as an async iterable by the other:
 * the request side of a bidi call (`exec.session(queue)`), or what a socket
 * delivers to a reader. The iteration ends after the queued messages once
 * `end()` is called, or throws `fail()`'s error there.
 */
export interface MessageQueue<T> extends AsyncIterable<T> {
  push(message: T): void;
  /** No more messages. */
  end(): void;
  /** No more messages, and the reader gets `error` after the queued ones. */
  fail(error: unknown): void;
  /** Messages pushed and not yet read. */
  readonly size: number;
  /** Whether `end()` or `fail()` was called. */
  readonly ended: boolean;
}

/** A {@link MessageQueue}; it has one reader. */
export function messageQueue<T>(): MessageQueue<T> {
  const queued: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  return {
    push(message) {
      if (ended) return;
      queued.push(message);
      poke();
    },
    end() {
      ended = true;
      poke();
    },
    fail(error) {
      if (!ended) failure = { error };
      ended = true;
      poke();
    },
    get size() {
      return queued.length;
    },
    get ended() {
      return ended;
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (queued.length > 0) {
          yield queued.shift()!;
          continue;
        }
        if (failure) throw failure.error;
        if (ended) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
  };
}
