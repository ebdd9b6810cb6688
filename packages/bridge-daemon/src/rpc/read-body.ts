import type * as http from "node:http";
import type * as http2 from "node:http2";
import { Code, ConnectError } from "@connectrpc/connect";

type Request = http.IncomingMessage | http2.Http2ServerRequest;

/**
 * A request body, whole: at most `limit` bytes. With `checkHead`, the first
 * five bytes (an envelope's header) are checked as soon as they arrive, so a
 * length prefix of 4 GiB is refused at once instead of after `limit` bytes.
 * What is refused is still read and dropped, so an HTTP/1.1 connection stays
 * usable.
 */
export function readBody(
  req: Request,
  limit: number,
  checkHead?: (head: Buffer) => ConnectError | undefined,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const refuse = (error: ConnectError) => {
      req.off("data", onData);
      req.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      const before = size;
      size += chunk.byteLength;
      if (size > limit) {
        return refuse(
          new ConnectError(
            `message size ${size} is larger than configured readMaxBytes ${limit}`,
            Code.ResourceExhausted,
          ),
        );
      }
      chunks.push(chunk);
      if (checkHead && before < 5 && size >= 5) {
        // Five bytes copied at most (concat truncates to its length), not the body so far.
        const problem = checkHead(before === 0 ? chunk : Buffer.concat(chunks, 5));
        if (problem) return refuse(problem);
      }
    };
    let ended = false;
    req.on("data", onData);
    req.once("end", () => {
      ended = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    // "close" follows "end" on every request: an error (and its stack, ~1 % of
    // the daemon's CPU at c=64) only when the body did not arrive whole.
    req.once("close", () => {
      if (!ended) reject(new ConnectError("the client went away", Code.Canceled));
    });
    req.once("error", (err) => reject(ConnectError.from(err, Code.Canceled)));
  });
}
