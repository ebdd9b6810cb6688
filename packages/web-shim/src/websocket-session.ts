import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { errorFromJson } from "@connectrpc/connect/protocol-connect";
import {
  bearerProtocol,
  ERROR_CLOSE_BASE,
  EXEC_WS_PATH,
  EXEC_WS_PROTOCOL,
  messageQueue,
  type SessionOpener,
  SessionRequestSchema,
  type SessionResponse,
  SessionResponseSchema,
} from "@ddbridge/client";

/** Input the socket has not sent yet beyond this waits (the daemon takes it as the command reads). */
const SEND_HIGH_WATER = 1024 * 1024;

/** The `ws:`/`wss:` URL of `path` on the daemon at `baseUrl`. */
export function webSocketUrl(baseUrl: string, path: string): string {
  const url = new URL(path, `${baseUrl}/`);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}

/**
 * `Exec.Session` over a WebSocket, for `exec` with `stdin` or `tty` in a
 * browser: Connect-Web cannot send a request stream. Frames are the
 * session's protobuf messages; the credential rides as a subprotocol.
 */
export function webSocketSessions(
  baseUrl: string,
  credential: () => Promise<string | undefined>,
): SessionOpener {
  return (requests, options) =>
    (async function* (): AsyncGenerator<SessionResponse> {
      const value = await credential();
      const ws = new WebSocket(webSocketUrl(baseUrl, EXEC_WS_PATH), [
        EXEC_WS_PROTOCOL,
        ...(value ? [bearerProtocol(value)] : []),
      ]);
      ws.binaryType = "arraybuffer";
      const inbox = messageQueue<SessionResponse>();
      let failure: ConnectError | undefined;
      let opened = false;
      ws.onopen = () => {
        opened = true;
        void pump();
      };
      ws.onmessage = (e: MessageEvent) => {
        if (typeof e.data === "string") {
          // The daemon's error, as Connect's error JSON, before it closes.
          failure = errorFromJson(
            JSON.parse(e.data),
            undefined,
            new ConnectError("the session failed", Code.Unknown),
          );
        } else inbox.push(fromBinary(SessionResponseSchema, new Uint8Array(e.data)));
      };
      ws.onclose = (e: CloseEvent) => {
        if (!failure && e.code !== 1000) {
          failure = opened
            ? new ConnectError(
                `the session's WebSocket closed (${e.code}${e.reason ? ` ${e.reason}` : ""})`,
                e.code > ERROR_CLOSE_BASE
                  ? ((e.code - ERROR_CLOSE_BASE) as Code)
                  : Code.Unavailable,
              )
            : new ConnectError(
                "the daemon refused the session's WebSocket or could not be reached (its log says why)",
                Code.Unavailable,
              );
        }
        if (failure) inbox.fail(failure);
        else inbox.end();
      };
      const onAbort = () => {
        failure ??= new ConnectError("the command was cancelled", Code.Canceled);
        ws.close(1000);
      };
      options.signal?.addEventListener("abort", onAbort, { once: true });
      if (options.signal?.aborted) onAbort();
      // The call's deadline (`timeoutMs`) ends the command, as grpc-timeout does on HTTP/2.
      const deadline =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              failure ??= new ConnectError("the deadline passed", Code.DeadlineExceeded);
              ws.close(1000);
            }, options.timeoutMs);
      async function pump() {
        try {
          for await (const req of requests) {
            if (ws.readyState !== WebSocket.OPEN) return;
            while (ws.bufferedAmount > SEND_HIGH_WATER && ws.readyState === WebSocket.OPEN) {
              await new Promise((r) => setTimeout(r, 5));
            }
            ws.send(toBinary(SessionRequestSchema, req));
          }
        } catch {
          ws.close(1000);
        }
      }
      try {
        yield* inbox;
      } finally {
        clearTimeout(deadline);
        options.signal?.removeEventListener("abort", onAbort);
        if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) {
          ws.close(1000);
        }
      }
    })();
}
