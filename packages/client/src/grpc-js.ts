import type { Interceptor } from "@grpc/grpc-js";
import { InterceptingCall } from "@grpc/grpc-js";

export * from "@ddbridge/proto/grpc-js";

/**
 * A grpc-js client interceptor sending the daemon's bearer token. (Call
 * credentials cannot be combined with the insecure channel a loopback or
 * unix-socket daemon uses, so the header is added per call.)
 */
export function bearerTokenInterceptor(token: string): Interceptor {
  return (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set("authorization", `Bearer ${token}`);
        next(metadata, listener);
      },
    });
}
