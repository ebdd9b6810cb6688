import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import type { DockerService } from "@ddbridge/proto";
import { type DockerEngine, dockerOff, engineError } from "../engine/engine.js";

/**
 * Implements `ddbridge.v1.DockerService` against an engine, or refuses every
 * call with FAILED_PRECONDITION when the daemon has Docker turned off.
 */
export function createDockerService(
  engine: DockerEngine | undefined,
): ServiceImpl<typeof DockerService> {
  const need = () => {
    if (!engine) throw dockerOff();
    return engine;
  };
  return {
    async listContainers(req) {
      const e = need();
      const filters = parseFilters(req.filtersJson);
      const list = await e.api
        .listContainers({
          all: req.all,
          size: req.size,
          ...(req.limit > 0 ? { limit: req.limit } : {}),
          ...(filters ? { filters } : {}),
        })
        .catch((err) => {
          throw engineError(e, err, "listing containers");
        });
      return { json: JSON.stringify(list) };
    },
    async listImages(req) {
      const e = need();
      const filters = parseFilters(req.filtersJson);
      const list = await e.api
        .listImages({ all: req.all, digests: req.digests, ...(filters ? { filters } : {}) })
        .catch((err) => {
          throw engineError(e, err, "listing images");
        });
      return { json: JSON.stringify(list) };
    },
  };
}

/** The `filters` JSON, checked here so a typo is INVALID_ARGUMENT, not an engine 500. */
function parseFilters(json: string): string | undefined {
  if (json === "") return undefined;
  try {
    const value: unknown = JSON.parse(json);
    if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error();
  } catch {
    throw new ConnectError(
      `filters must be a JSON object such as {"status":["exited"]}, got ${json}`,
      Code.InvalidArgument,
    );
  }
  return json;
}
