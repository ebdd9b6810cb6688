import { readFile, rename, rm, writeFile } from "node:fs/promises";

/**
 * What `--ready-file PATH` holds once ddbridge serves: one JSON line. Tools
 * that start ddbridge read its address here instead of parsing its log.
 */
export interface ReadySignal {
  /** The TCP base URL, e.g. http://127.0.0.1:43121; absent with `--listen none`. */
  url?: string;
  /** The unix socket it listens on, with `--unix`. */
  unix?: string;
  pid: number;
  version: string;
}

/**
 * Writes the ready signal whole: to a temporary name, then renamed onto
 * `path`, so a reader that sees the file sees all of it.
 */
export async function writeReadyFile(path: string, signal: ReadySignal): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(signal)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}

/**
 * Removes the ready signal at shutdown (a file left behind would announce a
 * daemon that is gone), if it is still this process's: never another's.
 */
export async function removeReadyFile(path: string): Promise<void> {
  const signal = await readReadyFile(path).catch(() => undefined);
  if (signal?.pid === process.pid) await rm(path, { force: true });
}

/** The ready signal at `path`, or undefined while there is none. */
export async function readReadyFile(path: string): Promise<ReadySignal | undefined> {
  const text = await readFile(path, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const signal = JSON.parse(text) as ReadySignal;
  if (typeof signal.pid !== "number") throw new Error(`${path} is not a ddbridge ready file`);
  return signal;
}
