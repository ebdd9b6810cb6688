import type { ChildProcess } from "node:child_process";
import { DDBRIDGE_BIN, startDdbridge } from "@ddbridge/bridge-daemon";

/** The built `ddbridge` command (tests run after `tsc -b`). */
export { DDBRIDGE_BIN };

export interface DaemonProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  stdout: () => string;
  exit: Promise<number | null>;
}

/**
 * Runs `ddbridge serve ARGS` (or `up`) as its own process and waits for its
 * ready signal (`--ready-file`). With `openFiles`, under that `ulimit -n`.
 */
export async function spawnDaemon(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  {
    command = "serve" as "serve" | "up" | "host",
    timeoutMs = 15_000,
    openFiles = undefined as number | undefined,
  } = {},
): Promise<DaemonProcess> {
  const started = await startDdbridge(args, {
    command,
    env: { ...process.env, ...env },
    timeoutMs,
    ...(openFiles !== undefined ? { openFiles } : {}),
  });
  return {
    child: started.child,
    url: started.url,
    stderr: () => started.output().stderr,
    stdout: () => started.output().stdout,
    exit: started.exit,
  };
}
