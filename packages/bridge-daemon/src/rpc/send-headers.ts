import { createContextKey, type HandlerContext } from "@connectrpc/connect";

/**
 * Where a call's response headers can be sent before its first message. Both
 * of the daemon's paths set it (rpc-handler.ts, connect-node-response.ts);
 * elsewhere it does nothing.
 */
export const sendHeadersKey = createContextKey<() => void>(() => {}, {
  description: "sends the response headers now",
});

/**
 * Sends a streaming call's response headers now. `Exec.Run` calls it once the
 * command has started: a command silent for seconds would otherwise look like
 * a hang to clients that wait for headers (grpc-go's `Header()`, connect-go's
 * stream, any HTTP/1.1 client).
 */
export function sendHeadersNow(ctx: HandlerContext): void {
  ctx.values.get(sendHeadersKey)();
}
