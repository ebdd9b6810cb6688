import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { errorToJsonBytes } from "@connectrpc/connect/protocol-connect";
import { messageQueue } from "@ddbridge/client";
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
  const requests = messageQueue<SessionRequest>();
  const fail = (error: ConnectError) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(errorToJsonBytes(error, undefined), { binary: false });
    ws.close(ERROR_CLOSE_BASE + error.code, error.rawMessage.slice(0, 100));
  };
  const refuse = (message: string) => {
    ended.abort();
    fail(new ConnectError(message, Code.InvalidArgument));
  };
  ws.on("message", (data, isBinary) => {
    if (!isBinary) return refuse("send session messages as binary frames");
    try {
      requests.push(fromBinary(SessionRequestSchema, toBytes(data)));
    } catch {
      return refuse("a frame is not a SessionRequest");
    }
    // One message waiting is enough: more would be memory the command has not asked for.
    if (requests.size >= 2) ws.pause();
  });
  ws.on("close", () => {
    requests.end();
    ended.abort(new ConnectError("the WebSocket closed", Code.Canceled));
  });
  async function* taken(): AsyncGenerator<SessionRequest> {
    for await (const request of requests) {
      if (requests.size < 2) ws.resume();
      yield request;
    }
  }
  void (async () => {
    try {
      for await (const res of run(taken(), ended.signal)) {
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
