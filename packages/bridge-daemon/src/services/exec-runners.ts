import { Code, ConnectError } from "@connectrpc/connect";
import { Target } from "@ddbridge/proto";
import { dockerOff } from "../engine/engine.js";
import type { ExecRunner } from "../exec/runner.js";

/** The runners of each exec target; a missing one is "not available here". */
export interface ExecTargets {
  vm?: ExecRunner;
  host?: ExecRunner;
  /** The Docker CLI (`ddClient.docker.cli.exec`). */
  docker?: ExecRunner;
}

/** The runner of `target`, or the error that says why there is none. */
export function pickRunner(targets: ExecTargets, target: Target): ExecRunner {
  switch (target) {
    case Target.VM:
      if (targets.vm) return targets.vm;
      throw new ConnectError(
        "the VM exec target is not available on this daemon",
        Code.FailedPrecondition,
      );
    case Target.HOST:
      if (targets.host) return targets.host;
      throw new ConnectError(
        "the host exec target is not available: the extension ships no host binaries (--host-bin)",
        Code.FailedPrecondition,
      );
    case Target.DOCKER:
      if (targets.docker) return targets.docker;
      throw dockerOff();
    default:
      throw new ConnectError(
        `target must be TARGET_VM, TARGET_HOST or TARGET_DOCKER, got ${target}`,
        Code.InvalidArgument,
      );
  }
}

/** Why a command's stream ended without its close: never a clean end. */
export function cutOff(signal: AbortSignal): ConnectError {
  const reason: unknown = signal.reason;
  if (reason instanceof ConnectError) return reason;
  return new ConnectError(
    signal.aborted ? "the command was cut off" : "the command ended without an exit status",
    signal.aborted ? Code.Canceled : Code.Internal,
  );
}
