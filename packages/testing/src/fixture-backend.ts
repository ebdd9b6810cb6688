import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import { join } from "node:path";
import { serveFixtureWebSockets } from "./fixture-websockets.js";

/** {@link createFixtureBackend} as a process: `node --import tsx FIXTURE_BACKEND_MAIN SOCKET`. */
export const FIXTURE_BACKEND_MAIN = join(import.meta.dirname, "fixture-backend-main.ts");

/**
 * The fixture backend service: one of each kind of response an extension UI
 * meets, so the tests exercise every path of the bridge.
 *
 *   GET  /hello                  JSON
 *   GET  /text                   plain text
 *   GET  /binary                 the 256 byte values, application/octet-stream
 *   GET  /large?bytes=N          N bytes, byte i = i % 251
 *   GET  /status/CODE            that status, body "status CODE" (none for 204/304)
 *   GET  /slow?ms=N              answers after N ms
 *   GET  /events?count=N&ms=T    server-sent events, N events T ms apart
 *   ANY  /echo                   JSON of method, path, headers and body text
 *   ANY  /echo-raw               the request body back, same content type
 *   GET  /hits                   how many requests came before this one
 *   WS   /ws/echo, /ws/headers   WebSockets (fixture-websockets.ts)
 */
export function createFixtureBackend(): Server {
  let hits = 0;
  return createServer((req, res) => {
    const before = hits++;
    if (req.url === "/hits") {
      res.setHeader("content-type", "application/json");
      return void res.end(JSON.stringify({ hits: before }));
    }
    route(req, res).catch((err) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
}

async function route(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? "/", "http://backend");
  const q = (name: string, fallback: number) => Number(url.searchParams.get(name) ?? fallback);
  const status = /^\/status\/(\d{3})$/.exec(url.pathname);
  if (status) {
    const code = Number(status[1]);
    res.statusCode = code;
    res.statusMessage = STATUS_CODES[code] ?? "Unknown";
    res.end(code === 204 || code === 304 ? undefined : `status ${code}`);
    return;
  }
  switch (url.pathname) {
    case "/hello":
      return json(res, { message: "hello from the backend" });
    case "/text":
      res.setHeader("content-type", "text/plain; charset=utf-8");
      return void res.end("plain text, not JSON");
    case "/binary": {
      res.setHeader("content-type", "application/octet-stream");
      return void res.end(Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    }
    case "/large":
      return large(res, q("bytes", 1024 * 1024));
    case "/slow":
      await new Promise((r) => setTimeout(r, q("ms", 1000)));
      return void res.end("slow");
    case "/events":
      return events(req, res, q("count", 5), q("ms", 100));
    case "/echo": {
      const body = await readBody(req);
      return json(res, {
        method: req.method,
        path: req.url,
        headers: req.headers,
        body: body.toString("utf8"),
      });
    }
    case "/echo-raw": {
      const body = await readBody(req);
      res.setHeader("content-type", req.headers["content-type"] ?? "application/octet-stream");
      return void res.end(body);
    }
    default:
      res.statusCode = 404;
      res.end(`no route for ${url.pathname}`);
  }
}

function json(res: ServerResponse, value: unknown) {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Writes `bytes` patterned bytes with backpressure, never holding them all. */
async function large(res: ServerResponse, bytes: number) {
  res.setHeader("content-type", "application/octet-stream");
  res.setHeader("content-length", bytes);
  const block = Buffer.alloc(251 * 256);
  for (let i = 0; i < block.length; i++) block[i] = i % 251;
  let sent = 0;
  while (sent < bytes) {
    const n = Math.min(block.length, bytes - sent);
    if (!res.write(n === block.length ? block : block.subarray(0, n))) {
      await new Promise((r) => res.once("drain", r));
    }
    sent += n;
  }
  res.end();
}

async function events(req: IncomingMessage, res: ServerResponse, count: number, ms: number) {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (let i = 1; i <= count && !req.destroyed; i++) {
    res.write(`data: event ${i}\n\n`);
    if (i < count) await new Promise((r) => setTimeout(r, ms));
  }
  res.end();
}

/** {@link createFixtureBackend} in this process, listening on a real unix socket. */
export async function startFixtureBackend(socketPath: string): Promise<Server> {
  const server = createFixtureBackend();
  serveFixtureWebSockets(server);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return server;
}
