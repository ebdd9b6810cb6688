import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, type ServiceImpl } from "@connectrpc/connect";
import {
  type Health,
  type HealthCheckResponse,
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as Status,
} from "@ddbridge/proto/health";

/**
 * Implements `grpc.health.v1.Health`: the daemon and each of its services are
 * SERVING while it runs; an unknown service name is NOT_FOUND, as the health
 * protocol asks. Needs no token, so load balancers and scripts can probe it.
 */
export function createHealthService(services: string[]): ServiceImpl<typeof Health> {
  const known = new Set(["", ...services]);
  const status = (service: string): HealthCheckResponse => {
    if (!known.has(service)) throw new ConnectError(`unknown service ${service}`, Code.NotFound);
    return create(HealthCheckResponseSchema, { status: Status.SERVING });
  };
  return {
    check: (req) => status(req.service),
    list: () => ({ statuses: Object.fromEntries([...known].map((name) => [name, status(name)])) }),
    async *watch(req, ctx) {
      yield known.has(req.service)
        ? status(req.service)
        : create(HealthCheckResponseSchema, { status: Status.SERVICE_UNKNOWN });
      await new Promise<void>((resolve) =>
        ctx.signal.addEventListener("abort", () => resolve(), { once: true }),
      );
    },
  };
}
