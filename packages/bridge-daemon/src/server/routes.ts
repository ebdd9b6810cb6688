import { createRequire } from "node:module";
import type { DescFile, DescService } from "@bufbuild/protobuf";
import type { ConnectRouter } from "@connectrpc/connect";
import {
  DockerService,
  Exec,
  ExtensionService,
  file_ddbridge_v1_docker,
  file_ddbridge_v1_exec,
  file_ddbridge_v1_extension,
  file_ddbridge_v1_http,
  HttpService,
} from "@ddbridge/proto";
import { file_grpc_health_v1_health, Health } from "@ddbridge/proto/health";
import { v1 as reflectionV1, v1alpha as reflectionV1alpha } from "@ddbridge/proto/reflection";
import type { BackendClient } from "../backend/backend-client.js";
import type { ServiceEntry } from "../rpc/rpc-handler.js";
import { createDockerService } from "../services/docker-service.js";
import { createExecService, EXEC_ENCODERS, type ExecTargets } from "../services/exec-service.js";
import { createExtensionService, type ExtensionFacts } from "../services/extension-service.js";
import { createHealthService } from "../services/health-service.js";
import { createHttpService, HTTP_ENCODERS } from "../services/http-service.js";
import { createReflectionServices } from "../services/reflection-service.js";
import type { DaemonConfig } from "./daemon-config.js";

const require = createRequire(import.meta.url);
const VERSION: string = require("../../package.json").version;

/** What the services are built on: the parts of the daemon that do I/O. */
export interface RouteParts {
  backend: BackendClient | undefined;
  targets: ExecTargets;
  facts: ExtensionFacts;
  /** Ends running commands (the daemon is shutting down). */
  stopCommands?: AbortSignal;
}

/** What a row's `make` gets: the configuration, the parts, and the reflection services made once. */
interface MakeContext {
  config: DaemonConfig;
  parts: RouteParts;
  reflection: ReturnType<typeof createReflectionServices>;
}

/** One service the daemon serves. */
interface ServiceRow {
  service: DescService;
  /** The file that declares it, for reflection (with its imports). */
  file: DescFile;
  make(context: MakeContext): ServiceEntry["impl"];
  /** Served on the hot path too (the calls the bench shows matter), with these encoders. */
  hot?: { encoders?: ServiceEntry["encoders"] };
}

/**
 * Every service the daemon serves, one row each: the service list, health's
 * and reflection's names, reflection's files, the Connect routes and the hot
 * path's entries all come from here. A new RPC goes in proto/ddbridge/v1 and
 * services/; a new service is one more row.
 */
const TABLE: readonly ServiceRow[] = [
  {
    service: HttpService,
    file: file_ddbridge_v1_http,
    make: ({ config, parts }) =>
      createHttpService({
        backend: parts.backend,
        maxBodyBytes: config.maxBodyBytes,
        timeoutMs: config.httpTimeoutMs,
      }),
    hot: { encoders: HTTP_ENCODERS },
  },
  {
    service: Exec,
    file: file_ddbridge_v1_exec,
    make: ({ parts }) => createExecService(parts.targets, parts.stopCommands),
    hot: { encoders: EXEC_ENCODERS },
  },
  {
    service: ExtensionService,
    file: file_ddbridge_v1_extension,
    make: ({ config, parts }) =>
      createExtensionService({
        ...parts.facts,
        socketPath: config.socketPath,
        hasVm: parts.targets.vm !== undefined,
        hasHost: parts.targets.host !== undefined,
        hasDocker: parts.targets.docker !== undefined,
        version: VERSION,
        maxBodyBytes: config.maxBodyBytes,
      }),
  },
  {
    service: DockerService,
    file: file_ddbridge_v1_docker,
    make: ({ config }) => createDockerService(config.docker?.engine),
  },
  {
    service: Health,
    file: file_grpc_health_v1_health,
    make: () => createHealthService(SERVICE_NAMES),
  },
  {
    service: reflectionV1.ServerReflection,
    file: reflectionV1.file_grpc_reflection_v1_reflection,
    make: ({ reflection }) => reflection.v1,
  },
  {
    service: reflectionV1alpha.ServerReflection,
    file: reflectionV1alpha.file_grpc_reflection_v1alpha_reflection,
    make: ({ reflection }) => reflection.v1alpha,
  },
];

/** The services the daemon serves. */
export const SERVICES: readonly DescService[] = TABLE.map((row) => row.service);

/** Their names, for reflection and health. */
export const SERVICE_NAMES = SERVICES.map((s) => s.typeName);

/** The services: every one for connect-node, and those the hot path serves too. */
export interface Routes {
  /** Registers every service on a Connect router. */
  register(router: ConnectRouter): void;
  /** The hot path's services: the same implementations, with their encoders. */
  hot: ServiceEntry[];
}

/** Builds every service of {@link TABLE} once, for both paths. */
export function createRoutes(config: DaemonConfig, parts: RouteParts): Routes {
  const reflection = createReflectionServices(
    TABLE.map((row) => row.file),
    SERVICE_NAMES,
  );
  const built = TABLE.map((row) => ({ row, impl: row.make({ config, parts, reflection }) }));
  return {
    register: (router) => {
      for (const { row, impl } of built) router.service(row.service, impl);
    },
    hot: built.flatMap(({ row, impl }) =>
      row.hot
        ? [
            {
              service: row.service,
              impl,
              ...(row.hot.encoders ? { encoders: row.hot.encoders } : {}),
            },
          ]
        : [],
    ),
  };
}
