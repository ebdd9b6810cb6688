import type { v1 } from "@docker/extension-api-client-types";
import { notAvailable } from "./not-available.js";

/**
 * `ddClient.docker` when the daemon has no Docker engine configured: every
 * call fails clearly (a rejected Promise, or `onError` when streaming).
 */
export function dockerUnavailable(): v1.Docker {
  const why = "on this ddbridge daemon: it has no Docker engine configured";
  function exec(cmd: string, args: string[], options?: v1.ExecOptions): Promise<v1.ExecResult>;
  function exec(cmd: string, args: string[], options: v1.SpawnOptions): v1.ExecProcess;
  function exec(
    _cmd: string,
    _args: string[],
    options?: v1.ExecOptions | v1.SpawnOptions,
  ): Promise<v1.ExecResult> | v1.ExecProcess {
    const err = notAvailable("docker.cli.exec", why);
    if (options && "stream" in options && options.stream) {
      const { onError } = options.stream;
      queueMicrotask(() => onError?.(err));
      return { close() {} };
    }
    return Promise.reject(err);
  }
  return {
    cli: { exec },
    listContainers: () => Promise.reject(notAvailable("docker.listContainers", why)),
    listImages: () => Promise.reject(notAvailable("docker.listImages", why)),
  };
}
