import type { v1 } from "@docker/extension-api-client-types";

/** The fields of a finished command, before the helper methods are added. */
export interface RawResult {
  cmd: string;
  code: number;
  stdout: string;
  stderr: string;
  signal?: string;
}

/**
 * Builds the ddClient `ExecResult`: the raw fields plus `lines()`,
 * `parseJsonLines()` and `parseJsonObject()` over stdout.
 */
export function createExecResult(raw: RawResult): v1.ExecResult {
  return {
    cmd: raw.cmd,
    code: raw.code,
    stdout: raw.stdout,
    stderr: raw.stderr,
    ...(raw.signal ? { signal: raw.signal, killed: true } : {}),
    lines: () => splitLines(raw.stdout),
    parseJsonLines: () =>
      splitLines(raw.stdout)
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l)),
    parseJsonObject: () => JSON.parse(raw.stdout),
  };
}

/** Splits on "\n" or "\r\n", dropping the one empty element a trailing newline leaves. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}
