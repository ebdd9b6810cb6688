import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  ERROR_CLOSE_BASE,
  type SessionRequest,
  SessionRequestSchema,
  type SessionResponse,
  SessionResponseSchema,
} from "@ddbridge/proto";
import type { WebSocket } from "ws";

/** Output the page has not read yet beyond this holds the command (its pipe fills). */
const SEND_HIGH_WATER = 1024 * 1024;

/** What runs a session: `runSession` bound to the daemon's targets and its stop signal. */
export type SessionRunner = (
  requests: AsyncIterable<SessionRequest>,
  ended: AbortSignal,
) => AsyncIterable<SessionResponse>;

/**
 * Carries one `Exec.Session` over a WebSocket for browsers, which cannot send
 * a request stream over fetch: each binary frame is one `SessionRequest` in,
 * or one `SessionResponse` out, in protobuf's binary form. The session ends
 * with close code 1000 after the command's `close`; an error first sends a
 * text frame `{"code":"invalid_argument","message":"…"}` (Connect's error
 * JSON), then closes with 4000 + the gRPC code. Closing the socket cancels
 * the command. Input is read only as the command takes it: the socket is
 * paused while a message waits, so TCP holds a page that outruns it.
 */
export function serveExecWebSocket(ws: WebSocket, run: SessionRunner): void {
  const ended = new AbortController();
  const queue: SessionRequest[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const fail = (error: ConnectError) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(JSON.stringify({ code: codeName(error.code), message: error.rawMessage }));
    ws.close(ERROR_CLOSE_BASE + error.code, error.rawMessage.slice(0, 100));
  };
  ws.on("message", (data, isBinary) => {
    if (!isBinary) {
      ended.abort();
      return fail(new ConnectError("send session messages as binary frames", Code.InvalidArgument));
    }
    try {
      queue.push(fromBinary(SessionRequestSchema, toBytes(data)));
    } catch {
      ended.abort();
      return fail(new ConnectError("a frame is not a SessionRequest", Code.InvalidArgument));
    }
    // One message waiting is enough: more would be memory the command has not asked for.
    if (queue.length >= 2) ws.pause();
    poke();
  });
  ws.on("close", () => {
    closed = true;
    ended.abort(new ConnectError("the WebSocket closed", Code.Canceled));
    poke();
  });
  async function* requests(): AsyncGenerator<SessionRequest> {
    for (;;) {
      const next = queue.shift();
      if (next) {
        if (queue.length < 2) ws.resume();
        yield next;
        continue;
      }
      if (closed) return;
      await new Promise<void>((r) => {
        wake = r;
      });
    }
  }
  void (async () => {
    try {
      for await (const res of run(requests(), ended.signal)) {
        if (ws.readyState !== ws.OPEN) return;
        const frame = toBinary(SessionResponseSchema, res);
        if (ws.bufferedAmount > SEND_HIGH_WATER) {
          await new Promise<void>((resolve) => ws.send(frame, () => resolve()));
        } else ws.send(frame);
      }
      if (ws.readyState === ws.OPEN) ws.close(1000);
    } catch (err) {
      fail(ConnectError.from(err));
    }
  })();
}

function toBytes(data: unknown): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data as Buffer;
}

/** Connect's name of a code: "invalid_argument". */
function codeName(code: Code): string {
  return Code[code]!.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
}
