import { create, toBinary } from "@bufbuild/protobuf";
import { type CallResponse, CallResponseSchema } from "@ddbridge/proto";
import type { BackendHead } from "../backend/backend-client.js";
import { varintSize, writeVarint } from "./proto-varint.js";

/** A unary response's body as it came from the backend: its chunks and their total size. */
interface BodyParts {
  chunks: Uint8Array[];
  size: number;
}

const bodies = new WeakMap<CallResponse, BodyParts>();

/**
 * A `CallResponse` whose body stays the backend's chunks until something
 * reads `body` (connect-node's serializer, the JSON codec): then they are
 * joined once. {@link encodeCallResponse} never reads it, so on the hot path
 * a 4 MiB body goes from undici's buffers to the socket without a copy,
 * where joining and protobuf-es's writer copied it twice.
 */
export function callResponseOf(
  head: BackendHead,
  chunks: Uint8Array[],
  size: number,
): CallResponse {
  const message = create(CallResponseSchema, {
    status: head.status,
    reason: head.reason,
    headers: head.headers,
  });
  if (chunks.length <= 1) {
    if (chunks[0]) message.body = chunks[0];
    return message;
  }
  let joined: Uint8Array | undefined;
  Object.defineProperty(message, "body", {
    enumerable: true,
    configurable: true,
    get: () => {
      joined ??= Buffer.concat(chunks, size);
      return joined;
    },
    set: (value: Uint8Array) => {
      bodies.delete(message);
      joined = value;
    },
  });
  bodies.set(message, { chunks, size });
  return message;
}

/**
 * `CallResponse` in the proto encoding with the body as parts: protobuf-es
 * writes the head (fields 1 to 3), the body's tag and length follow, then
 * its chunks as they are. Joined, the parts are byte for byte what
 * `toBinary` writes (checked in the spec).
 */
export function encodeCallResponse(message: CallResponse): Uint8Array | Uint8Array[] {
  const parts = bodies.get(message);
  if (!parts || parts.size === 0) return toBinary(CallResponseSchema, message);
  const head = toBinary(
    CallResponseSchema,
    create(CallResponseSchema, {
      status: message.status,
      reason: message.reason,
      headers: message.headers,
    }),
  );
  const tag = new Uint8Array(1 + varintSize(parts.size));
  tag[0] = 0x22; // field 4 (body), length-delimited
  writeVarint(tag, 1, parts.size);
  return [head, tag, ...parts.chunks];
}
