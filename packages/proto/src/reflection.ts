/** Server reflection, v1 and v1alpha (grpcurl asks for either), which the daemon serves (protobuf-es). */
export * as v1 from "./gen/es/grpc/reflection/v1/reflection_pb.js";
export * as v1alpha from "./gen/es/grpc/reflection/v1alpha/reflection_pb.js";
