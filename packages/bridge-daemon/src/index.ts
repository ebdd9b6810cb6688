export { type CliFlags, resolveConfig } from "./cli/resolve-config.js";
export { createDockerRunner, type DockerRunnerOptions } from "./docker/docker-runner.js";
export { connectEngine, type DockerEngine } from "./docker/engine.js";
export type { ExecEvent, ExecRunner, ExecSpec } from "./exec/runner.js";
export { createLogger, type Logger, type LogLevel } from "./log/logger.js";
export { type ExtensionMetadata, readMetadata } from "./metadata/read-metadata.js";
export {
  type Daemon,
  type DaemonConfig,
  daemonConfig,
  SERVICE_NAMES,
  startDaemon,
} from "./server/daemon.js";
