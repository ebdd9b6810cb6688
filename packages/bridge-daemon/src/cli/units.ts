import { UsageError } from "./usage-error.js";

/** Parses a byte size: "4194304", "64KiB", "4MiB", "1GiB" (also KB/MB/GB, k/m/g as binary). */
export function parseBytes(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)(i?b?)$/i.exec(text.trim());
  if (!m) throw new UsageError(`not a size: ${JSON.stringify(text)} (e.g. 4194304, 64KiB, 4MiB)`);
  const scale = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[
    m[2]!.toLowerCase() as "" | "k" | "m" | "g"
  ];
  return Math.floor(Number(m[1]) * scale);
}

/** Parses a duration: "1500" (ms), "500ms", "30s", "2m". */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|)$/.exec(text.trim());
  if (!m) throw new UsageError(`not a duration: ${JSON.stringify(text)} (e.g. 500ms, 30s, 2m)`);
  const scale = { "": 1, ms: 1, s: 1000, m: 60_000 }[m[2] as "" | "ms" | "s" | "m"];
  return Math.round(Number(m[1]) * scale);
}

/** Parses "HOST:PORT", "[::1]:PORT" or ":PORT" (loopback). */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  const port = Number(m?.[3]);
  if (!m || port > 65535)
    throw new UsageError(
      `--listen takes HOST:PORT, e.g. 127.0.0.1:7799, got ${JSON.stringify(text)}`,
    );
  return { host: m[1] ?? (m[2] || "127.0.0.1"), port };
}

/** Whether a listen host only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\./.test(host);
}

/** A byte count as the flags spell it: "4MiB", "64KiB", "100". */
export function formatBytes(bytes: number): string {
  for (const [unit, scale] of [
    ["GiB", 1024 ** 3],
    ["MiB", 1024 ** 2],
    ["KiB", 1024],
  ] as const) {
    if (bytes >= scale && bytes % scale === 0) return `${bytes / scale}${unit}`;
  }
  return String(bytes);
}

/** Milliseconds as the flags spell them: "2m", "30s", "500ms". */
export function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
