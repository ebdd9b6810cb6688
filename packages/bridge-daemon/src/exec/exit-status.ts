import { constants } from "node:os";
import type { CloseEvent } from "./runner.js";

const NAMES = new Map(
  Object.entries(constants.signals).map(([name, n]) => [n, name] as [number, string]),
);

/**
 * The close event of a process as Node reports its end: an exit code, or the
 * signal that killed it. Death by signal n is exit code 128+n, as shells and
 * the Docker engine report it, with the signal's name beside it.
 */
export function closeOfProcess(code: number | null, signal: NodeJS.Signals | null): CloseEvent {
  if (signal) return { kind: "close", exitCode: 128 + (constants.signals[signal] ?? 0), signal };
  return { kind: "close", exitCode: code ?? 0 };
}

/**
 * The close event of a bare exit code, as the Docker engine reports a
 * command's end: it gives a command killed by signal n as 128+n and has no
 * other way to say so, so such codes carry that signal's name.
 */
export function closeOfExitCode(exitCode: number): CloseEvent {
  const signal = exitCode > 128 ? NAMES.get(exitCode - 128) : undefined;
  return signal ? { kind: "close", exitCode, signal } : { kind: "close", exitCode };
}
