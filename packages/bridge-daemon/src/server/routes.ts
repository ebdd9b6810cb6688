import { createRequire } from "node:module";
import type { DescService } from "@bufbuild/protobuf";
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
import { createExecService, type ExecTargets } from "../services/exec-service.js";
import { createExtensionService, type ExtensionFacts } from "../services/extension-service.js";
import { createHealthService } from "../services/health-service.js";
import { createHttpService } from "../services/http-service.js";
import { createReflectionServices } from "../services/reflection-service.js";
import type { DaemonConfig } from "./daemon-config.js";

const require = createRequire(import.meta.url);
const VERSION: string = require("../../package.json").version;

/** The services the daemon serves. */
export const SERVICES: readonly DescService[] = [
  HttpService,
  Exec,
  ExtensionService,
  DockerService,
  Health,
  reflectionV1.ServerReflection,
  reflectionV1alpha.ServerReflection,
];

/** Their names, for reflection and health. */
export const SERVICE_NAMES = SERVICES.map((s) => s.typeName);

/** What the services are built on: the parts of the daemon that do I/O. */
export interface RouteParts {
  backend: BackendClient | undefined;
  targets: ExecTargets;
  facts: ExtensionFacts;
  /** Ends running commands (the daemon is shutting down). */
  stopCommands?: AbortSignal;
}

/** The services: every one for connect-node, and those the hot path serves too. */
export interface Routes {
  /** Registers every service on a Connect router. */
  register(router: ConnectRouter): void;
  /** `HttpService` and `Exec`, the calls the bench shows matter: the same implementations. */
  hot: ServiceEntry[];
}

/**
 * The daemon's services. A new RPC goes here once its implementation exists
 * in services/ (and its proto in proto/ddbridge/v1).
 */
export function createRoutes(config: DaemonConfig, parts: RouteParts): Routes {
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
  const { targets } = parts;
  const http = createHttpService({
    backend: parts.backend,
    maxBodyBytes: config.maxBodyBytes,
    timeoutMs: config.httpTimeoutMs,
  });
  const exec = createExecService(targets, parts.stopCommands);
  const hot: ServiceEntry[] = [
    { service: HttpService, impl: http },
    { service: Exec, impl: exec },
  ];
  const register = (router: ConnectRouter) => {
    router.service(HttpService, http);
    router.service(Exec, exec);
    router.service(DockerService, createDockerService(config.docker?.engine));
    router.service(
      ExtensionService,
      createExtensionService({
        ...parts.facts,
        socketPath: config.socketPath,
        hasVm: targets.vm !== undefined,
        hasHost: targets.host !== undefined,
        hasDocker: targets.docker !== undefined,
        version: VERSION,
        maxBodyBytes: config.maxBodyBytes,
      }),
    );
    router.service(Health, createHealthService(SERVICE_NAMES));
    router.service(reflectionV1.ServerReflection, reflection.v1);
    router.service(reflectionV1alpha.ServerReflection, reflection.v1alpha);
  };
  return { register, hot };
}
