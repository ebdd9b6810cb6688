import type * as http from "node:http";
import * as net from "node:net";
import type { Duplex } from "node:stream";
import { BACKEND_WS_PREFIX } from "@ddbridge/proto";
import { refuseUpgrade } from "./refuse-upgrade.js";

/** Headers of the browser's upgrade the backend never sees: the credential and per-hop fields. */
const DROPPED = new Set([
  "authorization",
  "cookie",
  "host",
  "sec-websocket-protocol",
  "proxy-authorization",
]);

/** The backend's handshake answer may not be longer than this. */
const MAX_RESPONSE_HEAD = 16 * 1024;

/**
 * Passes a checked WebSocket upgrade through to the backend's unix socket
 * and then joins the two connections byte for byte: the backend's own
 * handshake answer (its subprotocol, or its refusal) reaches the page, frames
 * and close codes pass untouched, and each side's TCP backpressure holds the
 * other (pipe). `protocols` are the page's subprotocols with ddbridge's
 * credential taken out. A browser fails a handshake whose answer names no
 * subprotocol when it offered some, so when the page offered only the
 * credential's `carrier` and the backend chose none, the answer names the
 * carrier (the shim hides it again from the page's `ws.protocol`).
 */
export function proxyBackendWebSocket(
  req: http.IncomingMessage,
  client: Duplex,
  head: Buffer,
  socketPath: string,
  offered: { protocols: string[]; carrier?: string | undefined },
  onError: (message: string) => void,
): void {
  const { protocols, carrier } = offered;
  const path = req.url!.slice(BACKEND_WS_PREFIX.length) || "/";
  if (!path.startsWith("/") || path.startsWith("//")) {
    refuseUpgrade(client, 400, `a backend WebSocket path starts with ${BACKEND_WS_PREFIX}/`);
    return;
  }
  const lines = [`GET ${path} HTTP/1.1`, "host: localhost"];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (!DROPPED.has(name.toLowerCase())) lines.push(`${name}: ${req.rawHeaders[i + 1]}`);
  }
  if (protocols.length > 0) lines.push(`sec-websocket-protocol: ${protocols.join(", ")}`);
  const backend = net.connect(socketPath);
  let joined = false;
  backend.once("connect", () => {
    joined = true;
    backend.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (head.length > 0) backend.write(head);
    readResponseHead(backend, (answer, rest) => {
      if (!answer) {
        backend.destroy();
        refuseUpgrade(client, 502, "the backend's WebSocket answer is not HTTP");
        return;
      }
      client.write(carrier && protocols.length === 0 ? namingCarrier(answer, carrier) : answer);
      if (rest.length > 0) client.write(rest);
      backend.pipe(client);
      client.pipe(backend);
    });
  });
  backend.on("error", (err) => {
    onError(`backend WebSocket: ${err.message}`);
    if (!joined) refuseUpgrade(client, 502, `the backend is not reachable: ${err.message}`);
    else client.destroy();
  });
  client.on("error", () => backend.destroy());
  client.on("close", () => backend.destroy());
  backend.on("close", () => client.destroy());
}

/** Reads up to the end of the backend's response head; `answer` is undefined when there is none. */
function readResponseHead(
  backend: net.Socket,
  done: (answer: string | undefined, rest: Buffer) => void,
): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf("\r\n\r\n");
    if (end < 0 && buffered.length <= MAX_RESPONSE_HEAD) return;
    backend.off("data", onData);
    backend.pause();
    if (end < 0 || !buffered.subarray(0, 5).equals(Buffer.from("HTTP/"))) {
      return done(undefined, Buffer.alloc(0));
    }
    done(buffered.subarray(0, end + 4).toString("latin1"), buffered.subarray(end + 4));
  };
  backend.on("data", onData);
}

/** A 101 answer that names no subprotocol, made to name `carrier`. */
function namingCarrier(answer: string, carrier: string): string {
  if (!/^HTTP\/1\.1 101/.test(answer) || /\r\nsec-websocket-protocol:/i.test(answer)) return answer;
  return `${answer.slice(0, -2)}Sec-WebSocket-Protocol: ${carrier}\r\n\r\n`;
}
