import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import type { createClient } from "@connectrpc/connect";
import { type Exec, Target } from "@ddbridge/client";
import { HOST_BIN } from "@ddbridge/testing";
import { MiB } from "../bench-run.js";

/** An `Exec` client of `@connectrpc/connect`. */
export type ExecClient = ReturnType<typeof createClient<typeof Exec>>;

/** The direct baseline: runs a fixture host binary and reads its stdout to the end; the bytes read. */
export async function drainChild(args: string[]): Promise<number> {
  const child = spawn(join(HOST_BIN, args[0]!), args.slice(1), {
    stdio: ["ignore", "pipe", "ignore"],
  });
  let bytes = 0;
  for await (const c of child.stdout) bytes += (c as Buffer).length;
  if (child.exitCode === null) await once(child, "close");
  return bytes;
}

/** The same binary through the bridge's `Exec.Run`, optionally read no faster than `readerMiBps`. */
export async function bridgeRun(
  exec: ExecClient,
  command: string,
  args: string[],
  readerMiBps?: number,
): Promise<number> {
  let bytes = 0;
  const start = performance.now();
  for await (const r of exec.run({ target: Target.HOST, command, args })) {
    if (r.event.case !== "output") continue;
    bytes += r.event.value.data.byteLength;
    if (readerMiBps) {
      const ahead = bytes / MiB / readerMiBps - (performance.now() - start) / 1000;
      if (ahead > 0) await new Promise((res) => setTimeout(res, ahead * 1000));
    }
  }
  return bytes;
}

/** Fails the run when a stream lost or gained bytes: a fast wrong answer is no result. */
export function expectBytes(got: number, want: number): void {
  if (got !== want) throw new Error(`expected ${want} bytes, got ${got}`);
}
