import { Code, ConnectError } from "@connectrpc/connect";

/** Flag of a compressed message (refused: the hot path takes no compression). */
const COMPRESSED = 0b1;

/**
 * The five-byte prefix of an enveloped message: flags, then the length in
 * big-endian. Written apart from the message, so a large message is never
 * copied to prepend it.
 */
export function envelopePrefix(flags: number, length: number): Buffer {
  const prefix = Buffer.allocUnsafe(5);
  prefix[0] = flags;
  prefix.writeUInt32BE(length, 1);
  return prefix;
}

/** One enveloped message in one buffer: for small messages, where one write beats two. */
export function envelope(flags: number, data: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + data.byteLength);
  out[0] = flags;
  out.writeUInt32BE(data.byteLength, 1);
  out.set(data, 5);
  return out;
}

/**
 * The one message of a unary or server-streaming request body. Anything but
 * exactly one uncompressed envelope is a protocol error.
 */
export function singleMessage(body: Buffer): Uint8Array {
  if (body.byteLength < 5) {
    throw new ConnectError(
      body.byteLength === 0
        ? "protocol error: missing request message"
        : "protocol error: incomplete envelope",
      body.byteLength === 0 ? Code.Unimplemented : Code.InvalidArgument,
    );
  }
  const flags = body[0]!;
  const length = body.readUInt32BE(1);
  if (flags & COMPRESSED) {
    throw new ConnectError(
      "protocol error: received compressed message without an encoding",
      Code.Internal,
    );
  }
  if (flags !== 0) {
    throw new ConnectError(
      `protocol error: unexpected envelope flags ${flags}`,
      Code.InvalidArgument,
    );
  }
  if (body.byteLength < 5 + length) {
    throw new ConnectError("protocol error: incomplete envelope", Code.InvalidArgument);
  }
  if (body.byteLength > 5 + length) {
    throw new ConnectError(
      "protocol error: more than one request message for a unary or server-streaming method",
      Code.Unimplemented,
    );
  }
  return body.subarray(5);
}
