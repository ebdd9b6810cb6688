import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Transport } from "@connectrpc/connect";
import { createNodeTransport } from "@ddbridge/client/node";
import { createHelloBackend } from "hello-extension/backend";
import { createLogger } from "../src/log/logger.js";
import { type Daemon, type DaemonConfig, daemonConfig, startDaemon } from "../src/server/daemon.js";

/** The fixture host binaries (also the local VM runner's working directory). */
export const HOST_BIN = join(dirname(fileURLToPath(import.meta.url)), "host-bin");
export const TOKEN = "test-token-0123456789";

/** A fresh temporary folder, removed by the returned function. */
export async function tempDir(prefix = "ddbridge-test-") {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The example extension's backend, in this process, on a real unix socket. */
export async function startBackend(socketPath: string): Promise<Server> {
  const server = createHelloBackend();
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return server;
}

export interface TestBridge {
  daemon: Daemon;
  url: string;
  unixPath: string;
  socketPath: string;
  backend: Server | undefined;
  transport(kind?: TransportKind): Transport;
  close(): Promise<void>;
}

/** Every way a Connect client can reach the daemon. */
export const TRANSPORT_KINDS = [
  "grpc",
  "connect-h1",
  "connect-h2",
  "grpc-web-h1",
  "grpc-web-h2",
  "grpc-unix",
  "connect-h1-unix",
] as const;
export type TransportKind = (typeof TRANSPORT_KINDS)[number];

/**
 * Starts the example backend and a daemon in front of it on 127.0.0.1:0 and
 * a unix socket, with the fixture host binaries for both exec targets.
 */
export async function startBridge(
  overrides: Partial<DaemonConfig> & { withBackend?: boolean } = {},
): Promise<TestBridge> {
  const tmp = await tempDir();
  const socketPath = join(tmp.dir, "backend.sock");
  const backend = overrides.withBackend === false ? undefined : await startBackend(socketPath);
  const { withBackend: _, ...config } = overrides;
  const daemon = await startDaemon(
    daemonConfig({
      name: "test-extension",
      unixPath: join(tmp.dir, "daemon.sock"),
      socketPath,
      hostBinDir: HOST_BIN,
      vm: { workdir: HOST_BIN },
      token: TOKEN,
      logger: createLogger("silent"),
      httpTimeoutMs: 5000,
      killGraceMs: 500,
      ...config,
    }),
  );
  const unixPath = join(tmp.dir, "daemon.sock");
  return {
    daemon,
    url: daemon.url!,
    unixPath,
    socketPath,
    backend,
    transport: (kind: TransportKind = "grpc") => transportFor(kind, daemon.url!, unixPath),
    async close() {
      await daemon.close();
      if (backend) await new Promise((r) => backend.close(r));
      await tmp.remove();
    },
  };
}

export function transportFor(
  kind: TransportKind,
  url: string,
  unixPath: string,
  token = TOKEN,
): Transport {
  switch (kind) {
    case "grpc":
      return createNodeTransport({ url, token, protocol: "grpc" });
    case "connect-h1":
      return createNodeTransport({ url, token, protocol: "connect", httpVersion: "1.1" });
    case "connect-h2":
      return createNodeTransport({ url, token, protocol: "connect", httpVersion: "2" });
    case "grpc-web-h1":
      return createNodeTransport({ url, token, protocol: "grpc-web", httpVersion: "1.1" });
    case "grpc-web-h2":
      return createNodeTransport({ url, token, protocol: "grpc-web", httpVersion: "2" });
    case "grpc-unix":
      return createNodeTransport({ socketPath: unixPath, token, protocol: "grpc" });
    case "connect-h1-unix":
      return createNodeTransport({
        socketPath: unixPath,
        token,
        protocol: "connect",
        httpVersion: "1.1",
      });
  }
}

/** Whether a process id is still alive (zombies count as gone). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.split(") ")[1]?.[0] !== "Z";
  } catch {
    return false;
  }
}

/** Polls `fn` until it is true or `ms` pass. */
export async function eventually(
  fn: () => boolean | Promise<boolean>,
  ms = 5000,
): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return fn();
}

/** The built `ddbridge` command (tests run after `tsc -b`). */
export const DDBRIDGE_BIN = join(dirname(fileURLToPath(import.meta.url)), "../bin/ddbridge.js");

export interface DaemonProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Runs `ddbridge serve ARGS` (or `up`) as its own process and waits for its "listening" log line. */
export async function spawnDaemon(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  { command = "serve", timeoutMs = 15_000 } = {},
): Promise<DaemonProcess> {
  const child = spawn(process.execPath, [DDBRIDGE_BIN, command, ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /"msg":"listening","url":"([^"]+)"/.exec(err);
      if (m) resolve(m[1]!);
    });
    void exit.then((code) =>
      reject(new Error(`ddbridge exited (${code}) before listening:\n${err}`)),
    );
    setTimeout(
      () => reject(new Error(`ddbridge did not log "listening" within ${timeoutMs} ms:\n${err}`)),
      timeoutMs,
    ).unref();
  });
  return { child, url, stderr: () => err, exit };
}

/** An extension folder with just a metadata.json. */
export async function extensionDir(metadata: object = {}) {
  const tmp = await tempDir("ddbridge-ext-");
  await writeFile(join(tmp.dir, "metadata.json"), JSON.stringify(metadata));
  return tmp;
}
