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
  // Kept as chunks and joined when read: a daemon logs a line per call, and
  // scanning the whole log at each line cost the bench's client process more
  // CPU per call than its own HTTP/2 client did.
  const errChunks: string[] = [];
  let out = "";
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stderr = () => {
    if (errChunks.length > 1) errChunks.splice(0, errChunks.length, errChunks.join(""));
    return errChunks[0] ?? "";
  };
  let head = ""; // stderr up to the ready line, the only part scanned
  const url = await new Promise<string>((resolve, reject) => {
    const scan = (d: Buffer) => {
      head += d.toString();
      const m = /"msg":"listening","url":"([^"]+)"/.exec(head);
      if (!m) return;
      child.stderr!.off("data", scan);
      resolve(m[1]!);
    };
    child.stderr!.on("data", (d: Buffer) => {
      errChunks.push(d.toString());
    });
    child.stderr!.on("data", scan);
    void exit.then((code) =>
      reject(new Error(`ddbridge exited (${code}) before listening:\n${stderr()}`)),
    );
    setTimeout(
      () =>
        reject(new Error(`ddbridge did not log "listening" within ${timeoutMs} ms:\n${stderr()}`)),
      timeoutMs,
    ).unref();
  });
  return { child, url, stderr, stdout: () => out, exit };
}
