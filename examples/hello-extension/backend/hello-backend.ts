import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * The example extension's backend service: what the UI in ui/app.js calls.
 *
 *   GET  /hello         {"message":"hello from the backend"}
 *   POST /echo          JSON of the method, path and body text it received
 *   GET  /status/CODE   that status, to show how the UI sees a failed call
 */
export function createHelloBackend(): Server {
  return createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? "/", "http://backend").pathname;
  if (path === "/hello") return sendJson(res, { message: "hello from the backend" });
  if (path === "/echo") {
    let body = "";
    for await (const chunk of req) body += chunk;
    return sendJson(res, { method: req.method, path: req.url, body });
  }
  const status = /^\/status\/(\d{3})$/.exec(path);
  res.statusCode = status ? Number(status[1]) : 404;
  res.end(status ? `status ${status[1]}` : `no route for ${path}`);
}

function sendJson(res: ServerResponse, value: unknown): void {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(value));
}
