import { connect } from "node:net";

/** How {@link waitForSocket} waits. */
export interface WaitForSocketOptions {
  timeoutMs: number;
  /** Stops the wait early with its reason, e.g. {@link childFailure} of the process that should listen. */
  until?: Promise<string>;
  intervalMs?: number;
  /** How to try a connection (default: connect to `path` here); for a socket on another machine. */
  probe?: (path: string) => Promise<boolean>;
}

/**
 * Resolves once something accepts connections on the unix socket `path`
 * (undefined), or with why it never did: `until`'s reason, or the time ran
 * out. A connection, not the file, is the test: a socket file outlives its
 * listener.
 */
export async function waitForSocket(
  path: string,
  { timeoutMs, until, intervalMs = 50, probe = socketAccepts }: WaitForSocketOptions,
): Promise<string | undefined> {
  const stopped = until ?? new Promise<string>(() => {});
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await Promise.race([probe(path), stopped]);
    if (ok === true) return undefined;
    if (typeof ok === "string") return ok;
    if (Date.now() > deadline) return `did not listen on ${path} within ${timeoutMs} ms`;
    const waited = await Promise.race([sleep(intervalMs), stopped]);
    if (typeof waited === "string") return waited;
  }
}

/** Whether something accepts a connection on the unix socket `path` now. */
export function socketAccepts(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
