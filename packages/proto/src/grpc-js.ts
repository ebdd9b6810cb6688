/** ts-proto messages and `@grpc/grpc-js` service stubs of ddbridge.v1, for grpc-js users. */
export * as docker from "./gen/grpc-js/ddbridge/v1/docker.js";
export { DockerServiceClient, DockerServiceService } from "./gen/grpc-js/ddbridge/v1/docker.js";
export * as exec from "./gen/grpc-js/ddbridge/v1/exec.js";
export { ExecClient, type ExecServer, ExecService } from "./gen/grpc-js/ddbridge/v1/exec.js";
export * as extension from "./gen/grpc-js/ddbridge/v1/extension.js";
export {
  ExtensionServiceClient,
  ExtensionServiceService,
} from "./gen/grpc-js/ddbridge/v1/extension.js";
export * as http from "./gen/grpc-js/ddbridge/v1/http.js";
export { HttpServiceClient, HttpServiceService } from "./gen/grpc-js/ddbridge/v1/http.js";
