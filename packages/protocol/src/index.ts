export { type EndOfCall, endOfCall } from "./end-of-call.js";
export {
  type EnvelopeRule,
  envelope,
  envelopeHeadProblem,
  envelopePrefix,
  singleMessage,
} from "./envelope.js";
export { type Framing, framingOf, mediaType, type Protocol, protocolOf } from "./framing.js";
export type { Request, Response } from "./http-types.js";
export { negotiate, type Wire } from "./negotiate.js";
export {
  encodeGrpcMessage,
  respecGrpcMessage,
  setGrpcStatus,
} from "./protocol-grpc/grpc-status.js";
export { type RpcRefusal, rpcRefusal, sendRefusal } from "./refusal.js";
export { refuseUntaken } from "./untaken-request.js";
