/**
 * Bookkeeping for the connection cap: which connections are busy (a request
 * or stream open) and which idle, oldest idle first. Pure data, so the policy
 * is tested without sockets.
 */
export interface ConnectionPool<C> {
  /**
   * Admits `c`. At the cap it returns what to drop for it: the connection
   * idle the longest (one that has not sent a request yet, or is between
   * requests), or `c` itself when every other one is busy.
   */
  add(c: C): C | undefined;
  /** A request or stream opened on `c`. */
  busy(c: C): void;
  /** One of `c`'s requests or streams ended; true when `c` has none open now. */
  done(c: C): boolean;
  remove(c: C): void;
  readonly size: number;
  /** The connections with nothing open, oldest idle first. */
  idle(): Iterable<C>;
  /** Every connection admitted and not yet removed. */
  all(): Iterable<C>;
}

/** A pool admitting at most `max` connections. */
export function connectionPool<C>(max: number): ConnectionPool<C> {
  const open = new Map<C, number>(); // connection → requests open on it
  const idle = new Set<C>(); // insertion order: idle the longest first
  const pool: ConnectionPool<C> = {
    add(c) {
      let victim: C | undefined;
      if (open.size >= max) {
        victim = idle.values().next().value ?? c;
        if (victim === c) return c;
        pool.remove(victim);
      }
      open.set(c, 0);
      idle.add(c);
      return victim;
    },
    busy(c) {
      const n = open.get(c);
      if (n === undefined) return;
      open.set(c, n + 1);
      idle.delete(c);
    },
    done(c) {
      const n = open.get(c);
      if (n === undefined) return false;
      open.set(c, Math.max(0, n - 1));
      if (n > 1) return false;
      idle.delete(c);
      idle.add(c);
      return true;
    },
    remove(c) {
      open.delete(c);
      idle.delete(c);
    },
    get size() {
      return open.size;
    },
    idle: () => idle.values(),
    all: () => open.keys(),
  };
  return pool;
}
