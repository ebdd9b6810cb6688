import { Code, ConnectError } from "@connectrpc/connect";

/** Flag of a compressed message (allowed only when the request names a compression). */
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

/** What a request's envelopes may be: the same for the hot path and connect-node. */
export interface EnvelopeRule {
  /** Largest message; a length prefix past it is RESOURCE_EXHAUSTED before its bytes arrive. */
  readMaxBytes: number;
  /** The request named a compression: the "compressed" flag is allowed. */
  compressed: boolean;
}

/**
 * Why an envelope's five-byte header is refused, or undefined. Checked as
 * soon as the header arrives. Flag bits a request never carries (end-stream,
 * trailer, any unassigned bit) are refused rather than ignored: connect-node
 * alone ran a gRPC call whose only message was flagged as trailers.
 */
export function envelopeHeadProblem(head: Buffer, rule: EnvelopeRule): ConnectError | undefined {
  const flags = head[0]!;
  const length = head.readUInt32BE(1);
  if (flags & ~COMPRESSED) {
    return new ConnectError(
      `protocol error: unexpected envelope flags ${flags}`,
      Code.InvalidArgument,
    );
  }
  if (flags & COMPRESSED && !rule.compressed) {
    return new ConnectError(
      "protocol error: received compressed message without an encoding",
      Code.Internal,
    );
  }
  if (length > rule.readMaxBytes) {
    // connect-node's words for the same refusal.
    return new ConnectError(
      `message size ${length} is larger than configured readMaxBytes ${rule.readMaxBytes}`,
      Code.ResourceExhausted,
    );
  }
  return undefined;
}

/**
 * The one message of a unary or server-streaming request body. Anything but
 * exactly one envelope that {@link envelopeHeadProblem} accepts is a
 * protocol error.
 */
export function singleMessage(body: Buffer, rule: EnvelopeRule): Uint8Array {
  if (body.byteLength < 5) {
    throw new ConnectError(
      body.byteLength === 0
        ? "protocol error: missing request message"
        : "protocol error: incomplete envelope",
      body.byteLength === 0 ? Code.Unimplemented : Code.InvalidArgument,
    );
  }
  const problem = envelopeHeadProblem(body, rule);
  if (problem) throw problem;
  const length = body.readUInt32BE(1);
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
