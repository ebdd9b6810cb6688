/**
 * The server under test of the Connect conformance suite (`connectconformance
 * --mode server`): reads a size-delimited `ServerCompatRequest` on stdin,
 * serves the conformance service on the daemon's hot path over HTTP/1.1 or
 * h2c, writes the `ServerCompatResponse` (host, port) on stdout.
 *
 *   --break-frame  corrupt the first frame of every response: the suite must fail
 */
import * as http from "node:http";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { create, createRegistry, fromBinary, toBinary } from "@bufbuild/protobuf";
import { createRpcHandler } from "@ddbridge/bridge-daemon";
import { refuseUntaken } from "@ddbridge/protocol";
import { breakFirstFrame } from "./break-frame.js";
import { createConformanceService } from "./conformance-service.js";
import { HTTPVersion } from "./gen/connectrpc/conformance/v1/config_pb.js";
import {
  ServerCompatRequestSchema,
  ServerCompatResponseSchema,
} from "./gen/connectrpc/conformance/v1/server_compat_pb.js";
import {
  ConformanceService,
  file_connectrpc_conformance_v1_service,
} from "./gen/connectrpc/conformance/v1/service_pb.js";

const breakFrames = process.argv.includes("--break-frame");
const request = fromBinary(ServerCompatRequestSchema, await readDelimited(process.stdin));
if (request.useTls) throw new Error("TLS is not in this server's config");

const hot = createRpcHandler({
  services: [{ service: ConformanceService, impl: createConformanceService() }],
  readMaxBytes: 64 * 1024 * 1024,
  registry: createRegistry(file_connectrpc_conformance_v1_service),
});
const handler = (
  req: http.IncomingMessage | http2.Http2ServerRequest,
  res: http.ServerResponse | http2.Http2ServerResponse,
) => {
  if (breakFrames) breakFirstFrame(res);
  if (hot(req, res)) return;
  // The suite's "unexpected request" cases: what the hot path leaves, refused.
  refuseUntaken(req, res, hot.method);
};
const server =
  request.httpVersion === HTTPVersion.HTTP_VERSION_2
    ? http2.createServer(handler)
    : http.createServer(handler);
server.listen(0, "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  const out = toBinary(
    ServerCompatResponseSchema,
    create(ServerCompatResponseSchema, { host: "127.0.0.1", port }),
  );
  const size = Buffer.alloc(4);
  size.writeUInt32BE(out.byteLength);
  process.stdout.write(Buffer.concat([size, out]));
});
for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => process.exit(0));

async function readDelimited(input: NodeJS.ReadableStream): Promise<Uint8Array> {
  let buffered = Buffer.alloc(0);
  for await (const chunk of input) {
    buffered = Buffer.concat([buffered, chunk as Buffer]);
    if (buffered.length >= 4 && buffered.length >= 4 + buffered.readUInt32BE(0)) {
      return buffered.subarray(4, 4 + buffered.readUInt32BE(0));
    }
  }
  throw new Error("stdin ended before a whole ServerCompatRequest");
}
