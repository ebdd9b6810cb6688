import { chmod, mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { RecordedCall, Recording } from "@ddbridge/web-shim";

/**
 * Rewrites one recorded call before it is written (return it changed, or as
 * it is): bodies and command output are stored as they came, so a test that
 * sees secrets there removes them here.
 */
export type RedactCall = (call: RecordedCall) => RecordedCall;

/**
 * Writes a recording readable by its owner only (0600, even over an older
 * file): it holds what the backend and commands answered. Exec `env` values
 * are already placeholders; `redact` takes care of the rest.
 */
export async function writeRecording(
  file: string,
  calls: RecordedCall[],
  redact: RedactCall = (c) => c,
): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const recording: Recording = { version: 1, calls: calls.map(redact) };
  await writeFile(file, `${JSON.stringify(recording, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}
