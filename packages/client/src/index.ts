/** The contract, re-exported: generated messages and services, error codes, `splitCmdline`. */
export * from "@ddbridge/proto";
export { bearerToken } from "./bearer-token.js";
export { BridgeError } from "./bridge-error.js";
export type { CallControl } from "./call-control.js";
export {
  createDdClient,
  type DdClient,
  type DdClientOptions,
} from "./dd-client.js";
export { createDockerClient } from "./docker/docker-client.js";
export { desktopArgv, type ExecMode } from "./exec/desktop-argv.js";
export {
  createExecClient,
  type DdExec,
  type ExecTarget,
  type InteractiveOptions,
} from "./exec/exec-client.js";
export { createExecResult, splitLines } from "./exec/exec-result.js";
export type { InteractiveProcess, SessionOpener, TtySize } from "./exec/interactive-exec.js";
export { type MessageQueue, messageQueue } from "./message-queue.js";
export type { ProcessEnvDeclared } from "./process-env.js";
export { createHttpServiceClient, type DdHttpService } from "./service/http-service-client.js";
export { ServiceError } from "./service/service-error.js";
