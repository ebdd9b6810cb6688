/** A piece of one demultiplexed stream; "system" carries the engine's own error text. */
export interface DemuxedChunk {
  stream: "stdout" | "stderr" | "system";
  data: Uint8Array;
}

/** Incremental state of {@link createDemuxer}. */
export interface Demuxer {
  /** Consumes one chunk of the raw stream, returns the payload it completes. */
  push(chunk: Uint8Array): DemuxedChunk[];
  /** Asserts that the raw stream ended on a frame boundary. */
  finish(): void;
}

const HEADER = 8;
const STREAMS: Record<number, DemuxedChunk["stream"]> = {
  0: "stdout", // stdin echoed back is written to stdout (moby stdcopy)
  1: "stdout",
  2: "stderr",
  3: "system",
};

/**
 * Splits the Engine API's multiplexed attach stream (8-byte header: stream
 * type, 3 zero bytes, big-endian length; then the payload) into its streams.
 *
 * Written here rather than taken from docker-modem: its `demuxStream`
 * concatenates the pending buffer on every chunk (quadratic in a frame's
 * size: seconds for a 16 MiB frame) and recurses once per frame (stack
 * overflow on thousands of small frames in one chunk). This one touches each
 * byte once, slices payloads without copying, emits part of a large frame as
 * soon as it arrives, and joins adjacent pieces of one stream so a burst of
 * tiny frames becomes one message.
 */
export function createDemuxer(): Demuxer {
  const header = new Uint8Array(HEADER);
  let headerFill = 0;
  let remaining = 0; // payload bytes of the current frame still to come
  let stream: DemuxedChunk["stream"] = "stdout";

  return {
    push(chunk) {
      const out: DemuxedChunk[] = [];
      const pending: Uint8Array[] = [];
      let pendingStream: DemuxedChunk["stream"] | undefined;
      const flush = () => {
        if (pendingStream === undefined) return;
        const data = pending.length === 1 ? pending[0] : Buffer.concat(pending);
        out.push({ stream: pendingStream, data: data as Uint8Array });
        pending.length = 0;
        pendingStream = undefined;
      };
      let at = 0;
      while (at < chunk.byteLength) {
        if (remaining === 0) {
          const take = Math.min(HEADER - headerFill, chunk.byteLength - at);
          header.set(chunk.subarray(at, at + take), headerFill);
          headerFill += take;
          at += take;
          if (headerFill < HEADER) break;
          headerFill = 0;
          const type = STREAMS[header[0] as number];
          if (type === undefined || header[1] !== 0 || header[2] !== 0 || header[3] !== 0) {
            throw new Error(`malformed multiplexed stream: bad frame header ${hex(header)}`);
          }
          stream = type;
          remaining = new DataView(header.buffer).getUint32(4);
          continue;
        }
        const take = Math.min(remaining, chunk.byteLength - at);
        if (pendingStream !== stream) {
          flush();
          pendingStream = stream;
        }
        pending.push(chunk.subarray(at, at + take));
        remaining -= take;
        at += take;
      }
      flush();
      return out;
    },
    finish() {
      if (headerFill !== 0 || remaining !== 0) {
        throw new Error(
          `multiplexed stream ended inside a frame (${headerFill ? `${headerFill} header bytes` : `${remaining} payload bytes missing`})`,
        );
      }
    },
  };
}

/**
 * Demultiplexes an attach stream as it is read. Pulls the next raw chunk only
 * when the consumer has taken the previous one's payload, so a slow consumer
 * leaves the bytes in the socket (and the engine's buffers) instead of here.
 */
export async function* demuxStream(
  source: AsyncIterable<Uint8Array>,
): AsyncGenerator<DemuxedChunk> {
  const demuxer = createDemuxer();
  for await (const chunk of source) {
    yield* demuxer.push(chunk);
  }
  demuxer.finish();
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}
