import type * as http from "node:http";
import type * as http2 from "node:http2";

/**
 * Adds one to the fifth byte of a response's first body write: the low byte
 * of an envelope's length (gRPC, gRPC-Web, Connect streaming), or a byte of
 * a Connect unary message. A conformance run against this must fail: it
 * shows the suite sees the frames the hot path writes.
 */
export function breakFirstFrame(res: http.ServerResponse | http2.Http2ServerResponse) {
  const out = res as http.ServerResponse;
  const write = out.write.bind(out) as (chunk: Uint8Array) => boolean;
  const end = out.end.bind(out) as (chunk?: Uint8Array) => http.ServerResponse;
  let first = true;
  const broken = (chunk: unknown) => {
    if (!first || !(chunk instanceof Uint8Array) || chunk.byteLength < 5) return chunk;
    first = false;
    const copy = Buffer.from(chunk);
    copy[4] = (copy[4]! + 1) & 0xff;
    return copy;
  };
  out.write = ((chunk: Uint8Array) => write(broken(chunk) as Uint8Array)) as typeof out.write;
  out.end = ((chunk?: Uint8Array) =>
    end(broken(chunk) as Uint8Array | undefined)) as typeof out.end;
}
