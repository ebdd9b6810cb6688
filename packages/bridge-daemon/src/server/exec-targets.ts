import { createContainerRunner } from "../exec/container-runner.js";
import { createDockerCliRunner } from "../exec/docker-cli-runner.js";
import { createHostRunner } from "../exec/host-runner.js";
import { createLocalRunner } from "../exec/local-runner.js";
import type { ExecTargets } from "../services/exec-service.js";
import type { DaemonConfig } from "./daemon-config.js";

/**
 * The runner of each exec target the configuration turns on. `baseEnv` is
 * what every host process starts from: the daemon's environment without its
 * own secret.
 */
export function createExecTargets(config: DaemonConfig, baseEnv: NodeJS.ProcessEnv): ExecTargets {
  const { killGraceMs } = config;
  return {
    vm: vmRunner(config, baseEnv),
    host: config.hostBinDir
      ? createHostRunner({
          hostDir: config.hostBinDir,
          binaries: config.hostBinaries,
          workdir: config.hostBinDir,
          baseEnv,
          killGraceMs,
        })
      : undefined,
    docker: config.docker
      ? createDockerCliRunner({
          engineEnv: config.docker.engine.cliEnv,
          cli: config.docker.cli,
          baseEnv,
          killGraceMs,
        })
      : undefined,
  };
}

function vmRunner(config: DaemonConfig, baseEnv: NodeJS.ProcessEnv) {
  const { vm, killGraceMs } = config;
  if (vm === undefined) return undefined;
  if ("runner" in vm) return vm.runner;
  if ("container" in vm) {
    if (!config.docker) throw new Error("a backend container needs a Docker engine");
    return createContainerRunner({
      engine: config.docker.engine,
      container: vm.container,
      killGraceMs,
      logger: config.logger,
    });
  }
  return createLocalRunner({ workdir: vm.workdir, baseEnv, killGraceMs });
}
