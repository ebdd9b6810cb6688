export type { CliFlags } from "./cli/flags.js";
export { type ResolvedConfig, resolveConfig } from "./cli/resolve-config.js";
export { uiUrl } from "./cli/ui-url.js";
export { buildImage } from "./engine/build-image.js";
export { createDemuxer, type DemuxedChunk } from "./engine/demux-stream.js";
export { connectEngine, type DockerEngine } from "./engine/engine.js";
export {
  type ContainerRunnerOptions,
  createContainerRunner,
} from "./exec/container-runner.js";
export type { CloseEvent, ExecEvent, ExecRunner, ExecSpec } from "./exec/runner.js";
export { EXTENSION_LABEL, installTarget } from "./install/install-record.js";
export { createLogger, type Logger, type LogLevel } from "./log/logger.js";
export { MetadataError } from "./metadata/metadata-error.js";
export { type ExtensionMetadata, readMetadata } from "./metadata/read-metadata.js";
export { childFailure } from "./process/child-failure.js";
export { DDBRIDGE_BIN } from "./process/ddbridge-bin.js";
export { stopProcessGroup } from "./process/process-group.js";
export { type ReadySignal, readReadyFile } from "./process/ready-file.js";
export {
  type DdbridgeProcess,
  DdbridgeStartError,
  type StartDdbridgeOptions,
  startDdbridge,
} from "./process/start-ddbridge.js";
export { type WaitForSocketOptions, waitForSocket } from "./process/wait-for-socket.js";
export {
  type CallObserver,
  createRpcHandler,
  type RpcHandler,
  type RpcHandlerOptions,
  type ServiceEntry,
} from "./rpc/rpc-handler.js";
export { type ConnectionLimits, connectionLimits } from "./server/connection-limits.js";
export { type Daemon, startDaemon } from "./server/daemon.js";
export { type DaemonConfig, daemonConfig } from "./server/daemon-config.js";
export { SERVICE_NAMES } from "./server/routes.js";
export { sourcePageAdvice, uncompiledScript } from "./ui/source-page.js";
