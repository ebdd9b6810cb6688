import { readFile } from "node:fs/promises";
import type * as http from "node:http";
import type * as http2 from "node:http2";
import { createRequire } from "node:module";
import * as net from "node:net";
import type { ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { DockerService, file_ddbridge_v1_docker } from "@ddbridge/client/gen/ddbridge/v1/docker_pb";
import { Exec, file_ddbridge_v1_exec } from "@ddbridge/client/gen/ddbridge/v1/exec_pb";
import {
  ExtensionService,
  file_ddbridge_v1_extension,
} from "@ddbridge/client/gen/ddbridge/v1/extension_pb";
import { file_ddbridge_v1_http, HttpService } from "@ddbridge/client/gen/ddbridge/v1/http_pb";
import { file_grpc_health_v1_health, Health } from "@ddbridge/client/gen/grpc/health/v1/health_pb";
import * as reflectionV1 from "@ddbridge/client/gen/grpc/reflection/v1/reflection_pb";
import * as reflectionV1alpha from "@ddbridge/client/gen/grpc/reflection/v1alpha/reflection_pb";
import { authInterceptor } from "../auth/auth-interceptor.js";
import { createDockerCliRunner } from "../docker/docker-cli-runner.js";
import { createDockerRunner } from "../docker/docker-runner.js";
import { createDockerService } from "../docker/docker-service.js";
import type { DockerEngine } from "../docker/engine.js";
import { createExecService } from "../exec/exec-service.js";
import { createHostRunner } from "../exec/host-runner.js";
import { createLocalRunner } from "../exec/local-runner.js";
import type { ExecRunner } from "../exec/runner.js";
import { createExtensionService, extensionFacts } from "../extension/extension-service.js";
import { createHealthService } from "../health/health-service.js";
import { createBackendClient } from "../http/backend-client.js";
import { createHttpService } from "../http/http-service.js";
import { logInterceptor } from "../log/log-interceptor.js";
import { createLogger, type Logger } from "../log/logger.js";
import { createReflectionServices } from "../reflection/reflection-service.js";
import { type BrowserPolicy, checkBrowserRequest } from "../ui/browser-guard.js";
import { createStaticUi } from "../ui/static-ui.js";
import { createSniffingServer, listenerOf } from "./h2c-sniffing-server.js";
import { listen, listenUnix } from "./listen.js";
import { withSafeAuthority } from "./safe-authority.js";

const require = createRequire(import.meta.url);
const VERSION: string = require("../../package.json").version;
/** The classic-script shim the UI pages load (built by the web-shim package). */
const SHIM_BUNDLE = require.resolve("@ddbridge/web-shim/ddbridge-shim.js");

/** Everything the daemon needs, already resolved from flags and metadata.json. */
export interface DaemonConfig {
  name: string;
  image: string;
  /** TCP address to listen on; undefined for none. */
  listen: { host: string; port: number } | undefined;
  /** Unix socket to listen on (mode 0600); undefined for none. */
  unixPath: string | undefined;
  /** The backend's socket; undefined when the extension has no backend service. */
  socketPath: string | undefined;
  /** The host binaries directory; undefined disables the host target. */
  hostBinDir: string | undefined;
  /**
   * VM target: the `local` runner's working directory, a backend container
   * (needs `docker`), or a custom runner.
   */
  vm: { workdir: string } | { container: string } | { runner: ExecRunner } | undefined;
  /** The engine behind `ddClient.docker.*` and container backends; undefined turns them off. */
  docker: { engine: DockerEngine; cli: string } | undefined;
  token: string;
  logger: Logger;
  /** The extension UI to serve at "/", with the shim injected; undefined for none. */
  ui: { root: string; entry: string } | undefined;
  /** Who may call from a browser (Host and Origin checks, CORS). */
  browser: BrowserPolicy;
  maxBodyBytes: number;
  httpTimeoutMs: number;
  killGraceMs: number;
}

/**
 * A configuration with the command line's defaults (loopback on an ephemeral
 * port, 4 MiB bodies, 30 s backend timeout, 2 s kill grace, info logging, no
 * backend, targets or UI) for embedding the daemon: pass what differs.
 */
export function daemonConfig(
  overrides: Partial<DaemonConfig> & Pick<DaemonConfig, "token">,
): DaemonConfig {
  return {
    name: "extension",
    image: "",
    listen: { host: "127.0.0.1", port: 0 },
    unixPath: undefined,
    socketPath: undefined,
    hostBinDir: undefined,
    vm: undefined,
    docker: undefined,
    logger: createLogger("info"),
    ui: undefined,
    browser: { allowOrigins: new Set(), allowHosts: new Set() },
    maxBodyBytes: 4 * 1024 * 1024,
    httpTimeoutMs: 30_000,
    killGraceMs: 2000,
    ...overrides,
  };
}

/** A running daemon. */
export interface Daemon {
  /** "http://127.0.0.1:7799" when listening on TCP. */
  url: string | undefined;
  unixPath: string | undefined;
  /** Stops accepting, ends running commands and closes connections. */
  close(): Promise<void>;
}

/** Service names the daemon serves, for reflection and health. */
export const SERVICE_NAMES = [
  HttpService.typeName,
  Exec.typeName,
  ExtensionService.typeName,
  DockerService.typeName,
  Health.typeName,
  reflectionV1.ServerReflection.typeName,
  reflectionV1alpha.ServerReflection.typeName,
];

/** Starts the daemon on its listeners. */
export async function startDaemon(config: DaemonConfig): Promise<Daemon> {
  const { logger } = config;
  // Children never see the daemon's own secret.
  const { DDBRIDGE_TOKEN: _secret, ...baseEnv } = process.env;
  const backend = config.socketPath
    ? createBackendClient({ socketPath: config.socketPath, headersTimeoutMs: config.httpTimeoutMs })
    : undefined;
  const vm = vmRunner(config, baseEnv);
  const docker = config.docker
    ? createDockerCliRunner({
        ...config.docker,
        baseEnv,
        killGraceMs: config.killGraceMs,
      })
    : undefined;
  const host = config.hostBinDir
    ? createHostRunner({
        hostDir: config.hostBinDir,
        workdir: config.hostBinDir,
        baseEnv,
        killGraceMs: config.killGraceMs,
      })
    : undefined;
  const facts = extensionFacts(config.name, config.image);
  const reflection = createReflectionServices(
    [
      file_ddbridge_v1_http,
      file_ddbridge_v1_exec,
      file_ddbridge_v1_extension,
      file_ddbridge_v1_docker,
      file_grpc_health_v1_health,
      reflectionV1.file_grpc_reflection_v1_reflection,
      reflectionV1alpha.file_grpc_reflection_v1alpha_reflection,
    ],
    SERVICE_NAMES,
  );
  const routes = (router: ConnectRouter) => {
    router.service(
      HttpService,
      createHttpService({
        backend,
        socketPath: config.socketPath,
        maxBodyBytes: config.maxBodyBytes,
        timeoutMs: config.httpTimeoutMs,
      }),
    );
    router.service(Exec, createExecService({ vm, host, docker }));
    router.service(DockerService, createDockerService(config.docker?.engine));
    router.service(
      ExtensionService,
      createExtensionService({
        ...facts,
        socketPath: config.socketPath,
        hasVm: vm !== undefined,
        hasHost: host !== undefined,
        hasDocker: docker !== undefined,
        version: VERSION,
      }),
    );
    router.service(Health, createHealthService(SERVICE_NAMES));
    router.service(reflectionV1.ServerReflection, reflection.v1);
    router.service(reflectionV1alpha.ServerReflection, reflection.v1alpha);
  };

  const ui = config.ui
    ? createStaticUi({
        ...config.ui,
        shimSource: await readFile(SHIM_BUNDLE, "utf8"),
        info: { ...facts },
      })
    : undefined;
  const shutdown = new AbortController();
  const handler = connectNodeAdapter({
    routes,
    interceptors: [logInterceptor(logger), authInterceptor(config.token)],
    // Room for a --max-body request plus its headers and framing.
    readMaxBytes: config.maxBodyBytes + 64 * 1024,
    shutdownSignal: shutdown.signal,
    fallback: (req, res) => {
      const out = res as http.ServerResponse;
      if (!ui) return void out.writeHead(404).end();
      ui(req.method ?? "GET", req.url ?? "/", out).catch((err) => {
        logger.error("serving the UI failed", { error: String(err) });
        if (!out.headersSent) out.writeHead(500);
        out.end();
      });
    },
    // Never compress responses: on loopback and unix sockets gzip costs far
    // more than it saves (measured: exec streams 13 MiB/s with it). Compressed
    // requests are still accepted.
    compressMinBytes: Number.MAX_SAFE_INTEGER,
  });
  const safeHandler = withSafeAuthority(handler, (err) =>
    logger.warn("bad request", { error: String(err) }),
  );
  const sniffer = createSniffingServer((req, res) => {
    if (listenerOf(req) === "tcp" && !admitBrowser(config.browser, req, res, logger)) return;
    safeHandler(req, res);
  });
  const listeners: net.Server[] = [];
  let url: string | undefined;
  try {
    if (config.listen) {
      // No Nagle: small RPC frames must not wait for an ACK (http.createServer does the same).
      const tcp = net.createServer({ noDelay: true }, (s) => sniffer.accept(s, "tcp"));
      await listen(tcp, { host: config.listen.host, port: config.listen.port });
      listeners.push(tcp);
      const addr = tcp.address() as net.AddressInfo;
      const hostPart = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
      url = `http://${hostPart}:${addr.port}`;
    }
    if (config.unixPath) {
      const unix = net.createServer((s) => sniffer.accept(s, "unix"));
      await listenUnix(unix, config.unixPath);
      listeners.push(unix);
    }
  } catch (err) {
    for (const l of listeners) l.close();
    await backend?.close();
    throw err;
  }
  logger.info("listening", { url, unix: config.unixPath, socket: config.socketPath });

  let closing: Promise<void> | undefined;
  return {
    url,
    unixPath: config.unixPath,
    close() {
      closing ??= (async () => {
        const closed = Promise.all(
          listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))),
        );
        shutdown.abort();
        sniffer.close(false);
        const grace = new Promise<"timeout">((resolve) =>
          setTimeout(() => resolve("timeout"), config.killGraceMs + 1000).unref(),
        );
        if ((await Promise.race([closed, grace])) === "timeout") {
          sniffer.close(true);
          await closed;
        }
        await backend?.close();
      })();
      return closing;
    },
  };
}

function vmRunner(config: DaemonConfig, baseEnv: NodeJS.ProcessEnv): ExecRunner | undefined {
  const { vm } = config;
  if (vm === undefined) return undefined;
  if ("runner" in vm) return vm.runner;
  if ("container" in vm) {
    if (!config.docker) throw new Error("a backend container needs a Docker engine");
    return createDockerRunner({
      engine: config.docker.engine,
      container: vm.container,
      killGraceMs: config.killGraceMs,
      logger: config.logger,
    });
  }
  return createLocalRunner({ workdir: vm.workdir, baseEnv, killGraceMs: config.killGraceMs });
}

/** Applies the browser guard; false when it has answered the request itself. */
function admitBrowser(
  policy: BrowserPolicy,
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
  logger: Logger,
): boolean {
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const decision = checkBrowserRequest(policy, {
    method: req.method ?? "GET",
    host: "authority" in req ? req.authority : header("host"),
    origin: header("origin"),
    preflightMethod: header("access-control-request-method"),
  });
  if (decision.kind === "refuse") {
    logger.warn("refused browser request", { status: decision.status, reason: decision.message });
    (res as http.ServerResponse).writeHead(decision.status, { "content-type": "text/plain" });
    res.end(decision.message);
    return false;
  }
  if (decision.kind === "preflight") {
    (res as http.ServerResponse).writeHead(204, decision.headers);
    res.end();
    return false;
  }
  for (const [k, v] of Object.entries(decision.headers)) res.setHeader(k, v);
  return true;
}
