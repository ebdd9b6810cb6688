import type { Server } from "node:http";
import { WebSocketServer } from "ws";

/**
 * The fixture backend's WebSockets, as an extension backend would serve them:
 *
 *   /ws/echo      echoes each message; picks the subprotocol "chat" when offered;
 *                 the text "close CODE REASON" closes with that code and reason
 *   /ws/headers   sends the upgrade request's headers as JSON, then waits
 */
export function serveFixtureWebSockets(server: Server): void {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => (offered.has("chat") ? "chat" : false),
  });
  server.on("upgrade", (req, socket, head) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/ws/echo" && path !== "/ws/headers") {
      socket.end("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (path === "/ws/headers") {
        ws.send(JSON.stringify({ url: req.url, headers: req.headers }));
        return;
      }
      ws.on("message", (data, isBinary) => {
        const text = isBinary ? "" : data.toString();
        const close = /^close (\d+) ?(.*)$/.exec(text);
        if (close) ws.close(Number(close[1]), close[2]);
        else ws.send(data, { binary: isBinary });
      });
    });
  });
}
