/** `grpc.health.v1`, which the daemon serves beside ddbridge.v1 (protobuf-es). */
export * from "./gen/es/grpc/health/v1/health_pb.js";
