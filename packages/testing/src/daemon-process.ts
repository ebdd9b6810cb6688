import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The built `ddbridge` command (tests run after `tsc -b`). */
export const DDBRIDGE_BIN = join(
  dirname(require.resolve("@ddbridge/bridge-daemon/package.json")),
  "bin/ddbridge.js",
);

export interface DaemonProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  stdout: () => string;
  exit: Promise<number | null>;
}

/**
 * Runs `ddbridge serve ARGS` (or `up`) as its own process and waits for its
 * "listening" log line. With `openFiles`, under that `ulimit -n` (the shell
 * execs Node, so `child.pid` is still the daemon's).
 */
export async function spawnDaemon(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  { command = "serve", timeoutMs = 15_000, openFiles = undefined as number | undefined } = {},
): Promise<DaemonProcess> {
  const argv = [DDBRIDGE_BIN, command, ...args];
  const child = openFiles
    ? spawn(
        "/bin/sh",
        ["-c", `ulimit -n ${openFiles} && exec "$@"`, "sh", process.execPath, ...argv],
        {
          env: { ...process.env, ...env },
          stdio: ["ignore", "pipe", "pipe"],
        },
      )
    : spawn(process.execPath, argv, {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
  let err = "";
  let out = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  // Only stderr up to the ready line is scanned: a daemon logs a line per call,
  // and matching the whole log at each line cost the bench's client process
  // more CPU per call than its own HTTP/2 client did.
  let head = "";
  const url = await new Promise<string>((resolve, reject) => {
    const scan = (d: Buffer) => {
      head += d.toString();
      const m = /"msg":"listening","url":"([^"]+)"/.exec(head);
      if (!m) return;
      child.stderr!.off("data", scan);
      resolve(m[1]!);
    };
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.stderr!.on("data", scan);
    void exit.then((code) =>
      reject(new Error(`ddbridge exited (${code}) before listening:\n${err}`)),
    );
    setTimeout(
      () => reject(new Error(`ddbridge did not log "listening" within ${timeoutMs} ms:\n${err}`)),
      timeoutMs,
    ).unref();
  });
  return { child, url, stderr: () => err, stdout: () => out, exit };
}
