import { toBinary } from "@bufbuild/protobuf";
import { type RunResponse, RunResponseSchema } from "@ddbridge/proto";
import { varintSize, writeVarint } from "./proto-varint.js";

/** From this size an output's data is not copied: it follows its header as a part of its own. */
const COPY_BELOW = 16 * 1024;

/**
 * `RunResponse` in the proto encoding, without protobuf-es's writer (which
 * copies an `Output`'s data into its chunk list and again to join them):
 * the header, then the data as it came from the pipe. Output is nearly every
 * message of an exec stream, so its copies were much of the daemon's CPU
 * (docs/benchmarks.md, "Measured decisions"). Joined, the parts are byte for
 * byte what `toBinary` writes (checked in the spec).
 */
export function encodeRunResponse(message: RunResponse): Uint8Array | Uint8Array[] {
  const event = message.event;
  if (event.case !== "output") return toBinary(RunResponseSchema, message);
  const { stream, data } = event.value;
  const inner =
    (stream !== 0 ? 2 : 0) +
    (data.byteLength > 0 ? 1 + varintSize(data.byteLength) + data.byteLength : 0);
  const split = data.byteLength >= COPY_BELOW;
  const out = Buffer.allocUnsafe(1 + varintSize(inner) + inner - (split ? data.byteLength : 0));
  let at = 0;
  out[at++] = 0x0a; // field 1 (output), length-delimited
  at = writeVarint(out, at, inner);
  if (stream !== 0) {
    out[at++] = 0x08; // field 1 (stream), varint
    out[at++] = stream;
  }
  if (data.byteLength > 0) {
    out[at++] = 0x12; // field 2 (data), length-delimited
    at = writeVarint(out, at, data.byteLength);
    if (split) return [out, data];
    out.set(data, at);
  }
  return out;
}
