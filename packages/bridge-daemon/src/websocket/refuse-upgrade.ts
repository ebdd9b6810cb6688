import * as http from "node:http";
import type { Duplex } from "node:stream";

/**
 * Answers an upgrade request with a plain HTTP error and closes: before the
 * handshake there is no WebSocket to close, and nothing reached a backend.
 */
export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = Buffer.from(`${message}\n`);
  const head =
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ""}\r\n` +
    "connection: close\r\ncontent-type: text/plain; charset=utf-8\r\n" +
    `content-length: ${body.length}\r\n\r\n`;
  socket.end(Buffer.concat([Buffer.from(head, "latin1"), body]));
}
