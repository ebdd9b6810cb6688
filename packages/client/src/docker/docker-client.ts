import { type Client, createClient, type Transport } from "@connectrpc/connect";
import type { Exec } from "@ddbridge/proto";
import { DockerService } from "@ddbridge/proto";
import type { v1 } from "@docker/extension-api-client-types";
import { toBridgeError } from "../bridge-error.js";
import { createExecClient } from "../exec/exec-client.js";
import type { SessionOpener } from "../exec/interactive-exec.js";

/** Options of `listContainers` and `listImages`, as Docker Desktop documents them. */
interface ListOptions {
  all?: boolean;
  limit?: number;
  size?: boolean;
  digests?: boolean;
  /** The Engine API filters: a JSON string (as documented) or the object itself. */
  filters?: string | Record<string, unknown>;
}

/**
 * `ddClient.docker` over a ddbridge daemon: the docker CLI of the daemon's
 * host (`cli.exec`, same semantics as the other exec targets) and the
 * engine's container and image lists, as the Engine API returns them.
 */
export function createDockerClient(
  transport: Transport,
  exec: Client<typeof Exec>,
  openSession?: SessionOpener,
): v1.Docker {
  const docker = createClient(DockerService, transport);
  const filtersJson = (f: ListOptions["filters"]) =>
    f === undefined ? "" : typeof f === "string" ? f : JSON.stringify(f);
  return {
    cli: { exec: createExecClient(exec, "docker", undefined, openSession) },
    async listContainers(options?: ListOptions) {
      try {
        const res = await docker.listContainers({
          all: options?.all ?? false,
          limit: options?.limit ?? 0,
          size: options?.size ?? false,
          filtersJson: filtersJson(options?.filters),
        });
        return JSON.parse(res.json) as unknown;
      } catch (err) {
        throw toBridgeError(err);
      }
    },
    async listImages(options?: ListOptions) {
      try {
        const res = await docker.listImages({
          all: options?.all ?? false,
          digests: options?.digests ?? false,
          filtersJson: filtersJson(options?.filters),
        });
        return JSON.parse(res.json) as unknown;
      } catch (err) {
        throw toBridgeError(err);
      }
    },
  };
}
