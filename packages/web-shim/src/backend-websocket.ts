import { BACKEND_WS_PREFIX, bearerProtocol } from "@ddbridge/client";
import { webSocketUrl } from "./websocket-session.js";

/**
 * `ddClient.extension.vm.service.websocket(path, protocols?)`: a standard
 * WebSocket to `path` on the extension's backend, through the daemon (which
 * checks the page's origin and credential, then joins the two connections
 * byte for byte). A Promise, because the credential may still be one login
 * exchange away. Beyond Docker Desktop's API.
 */
export function backendWebSockets(
  baseUrl: string,
  credential: () => Promise<string | undefined>,
): (path: string, protocols?: string | string[]) => Promise<WebSocket> {
  return async (path, protocols) => {
    if (typeof path !== "string" || !path.startsWith("/") || path.startsWith("//")) {
      throw new TypeError(`a backend WebSocket path starts with one "/", got ${String(path)}`);
    }
    const own = protocols === undefined ? [] : Array.isArray(protocols) ? protocols : [protocols];
    const value = await credential();
    const carrier = value ? bearerProtocol(value) : undefined;
    const ws = new WebSocket(webSocketUrl(baseUrl, BACKEND_WS_PREFIX + path), [
      ...own,
      ...(carrier ? [carrier] : []),
    ]);
    // With no subprotocol of the page's own, the daemon's answer names the
    // credential's (a browser needs one named): the page sees "", as it asked.
    const native = Object.getOwnPropertyDescriptor(WebSocket.prototype, "protocol")?.get;
    if (native && carrier) {
      Object.defineProperty(ws, "protocol", {
        get: () => {
          const chosen = native.call(ws) as string;
          return chosen === carrier ? "" : chosen;
        },
      });
    }
    return ws;
  };
}
