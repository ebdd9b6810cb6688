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
 * stderr through one buffered writer (line-writer.ts): debug and info lines
 * (the call log) after the turn that logged them, not in the middle of
 * answering a call; warnings and errors at once, after what is queued.
 */
export function createLogger(level: LogLevel, write?: (line: string) => void): Logger {
  const min = LOG_LEVELS.indexOf(level);
  const writer = write ? undefined : stderrLineWriter();
  const log = (lvl: LogLevel) => {
    const out = write ?? (lvl === "warn" || lvl === "error" ? writer!.writeNow : writer!.write);
    return (msg: string, fields?: Record<string, unknown>) => {
      if (LOG_LEVELS.indexOf(lvl) < min) return;
      out(`${JSON.stringify({ time: new Date().toISOString(), level: lvl, msg, ...fields })}\n`);
    };
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}
