export { ErrorCode, errorCodeOf } from "./error-code.js";
export * from "./gen/es/ddbridge/v1/docker_pb.js";
export * from "./gen/es/ddbridge/v1/exec_pb.js";
export * from "./gen/es/ddbridge/v1/extension_pb.js";
export * from "./gen/es/ddbridge/v1/http_pb.js";
export { splitCmdline } from "./split-cmdline.js";
export {
  BACKEND_WS_PREFIX,
  BEARER_PROTOCOL_PREFIX,
  bearerProtocol,
  ERROR_CLOSE_BASE,
  EXEC_WS_PATH,
  EXEC_WS_PROTOCOL,
} from "./websocket-contract.js";
