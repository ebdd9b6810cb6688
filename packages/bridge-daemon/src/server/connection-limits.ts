import { readFileSync } from "node:fs";

/**
 * What one peer may hold of the daemon before it has proved anything: the
 * daemon answers whoever connects, so every resource a connection can take
 * without a token is bounded here.
 */
export interface ConnectionLimits {
  /** Open connections in total; the excess is refused at once (or evicts an idle one). */
  maxConnections: number;
  /** Concurrent HTTP/2 streams per session (SETTINGS_MAX_CONCURRENT_STREAMS). */
  maxStreamsPerSession: number;
  /** nghttp2's per-session memory budget, in MiB. */
  maxSessionMemoryMiB: number;
  /** A connection must send its first bytes within this. */
  firstBytesMs: number;
  /** An HTTP/1.1 request must send its headers within this. */
  headersMs: number;
  /** An HTTP/1.1 keep-alive connection or HTTP/2 session with no request open is closed after this. */
  idleMs: number;
  /** At shutdown, calls other than exec streams may finish within this before they are cut off. */
  shutdownGraceMs: number;
}

/**
 * The defaults: 128 streams per session (nginx's; Go's 250 let 12 sessions
 * of bodiless public health calls take RSS to 255 MiB), 10 s to send the
 * first bytes and the headers, 30 s idle, 5 s shutdown grace, and
 * half the process's file descriptors for connections (the rest is for
 * command pipes, backend sockets and files), at most 4,096.
 */
export function connectionLimits(
  overrides: Partial<ConnectionLimits> = {},
  openFiles: number | undefined = openFilesLimit(),
): ConnectionLimits {
  return {
    maxConnections: Math.max(16, Math.min(4096, Math.floor((openFiles ?? 1024) / 2))),
    maxStreamsPerSession: 128,
    maxSessionMemoryMiB: 64,
    firstBytesMs: 10_000,
    headersMs: 10_000,
    idleMs: 30_000,
    shutdownGraceMs: 5000,
    ...overrides,
  };
}

/** The soft limit on open files from `/proc/self/limits` text; undefined when absent or unlimited. */
export function parseOpenFilesLimit(procLimits: string): number | undefined {
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(procLimits);
  return m && m[1] !== "unlimited" ? Number(m[1]) : undefined;
}

function openFilesLimit(): number | undefined {
  try {
    return parseOpenFilesLimit(readFileSync("/proc/self/limits", "utf8"));
  } catch {
    return undefined; // not Linux: assume the common 1,024
  }
}
