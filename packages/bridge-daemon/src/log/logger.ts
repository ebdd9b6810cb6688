import { stderrLineWriter } from "./line-writer.js";

/** Log levels, most verbose first. */
export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A minimal structured logger: one JSON line per event on stderr. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Creates a logger that drops events below `level`. By default lines go to
 * stderr through one buffered writer (line-writer.ts): written after the
 * turn that logged them, not in the middle of answering a call.
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = stderrLineWriter().write,
): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const log = (lvl: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(lvl) < min) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields })}\n`);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}
