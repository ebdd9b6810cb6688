export { bearerToken } from "./bearer-token.js";
export { BridgeError } from "./bridge-error.js";
export type { CallControl } from "./call-control.js";
export {
  createDdClient,
  type DdClient,
  type DdClientOptions,
} from "./dd-client.js";
export { createDockerClient } from "./docker/docker-client.js";
export { ErrorCode, errorCodeOf } from "./error-code.js";
export { desktopArgv, type ExecMode } from "./exec/desktop-argv.js";
export { createExecClient, type DdExec, type ExecTarget } from "./exec/exec-client.js";
export { createExecResult, splitLines } from "./exec/exec-result.js";
export { splitCmdline } from "./exec/split-cmdline.js";
export * from "./gen/es/ddbridge/v1/docker_pb.js";
export * from "./gen/es/ddbridge/v1/exec_pb.js";
export * from "./gen/es/ddbridge/v1/extension_pb.js";
export * from "./gen/es/ddbridge/v1/http_pb.js";
export type { ProcessEnvDeclared } from "./process-env.js";
export { createHttpServiceClient, type DdHttpService } from "./service/http-service-client.js";
export { ServiceError } from "./service/service-error.js";
