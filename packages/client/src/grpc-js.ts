import type { Interceptor } from "@grpc/grpc-js";
import { InterceptingCall } from "@grpc/grpc-js";

export * as exec from "./gen/grpc-js/ddbridge/v1/exec.js";
export { ExecClient, type ExecServer, ExecService } from "./gen/grpc-js/ddbridge/v1/exec.js";
export * as extension from "./gen/grpc-js/ddbridge/v1/extension.js";
export {
  ExtensionServiceClient,
  ExtensionServiceService,
} from "./gen/grpc-js/ddbridge/v1/extension.js";
export * as http from "./gen/grpc-js/ddbridge/v1/http.js";
export { HttpServiceClient, HttpServiceService } from "./gen/grpc-js/ddbridge/v1/http.js";

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
