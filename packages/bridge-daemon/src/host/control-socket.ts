import * as http from "node:http";
import { join } from "node:path";
import { readBody } from "../rpc/read-body.js";
import { listenUnix } from "../server/listen.js";
import { type ExtensionHost, HostError } from "./extension-host.js";

/** The host's control socket in DDBRIDGE_HOME: `up`, `rm`, `update` and `ls` reach a running host here. */
export function controlSocketPath(home: string): string {
  return join(home, "host.sock");
}

/** What `ddbridge up SOURCE` asks of a running host. */
export interface AddRequest {
  source: string;
  yes: boolean;
}

/** A control answer: the outcome and the install's progress lines. */
export interface ControlAnswer {
  message?: string;
  log?: string[];
  [key: string]: unknown;
}

/**
 * Serves the control API on a unix socket (0600 in the user's own state
 * folder: only this user's `ddbridge` commands reach it, as only they read
 * the token). JSON in, JSON out:
 *   GET /extensions, POST /extensions {source, yes},
 *   POST /extensions/NAME/update {yes}, DELETE /extensions/NAME?volumes=1,
 *   GET /index-url.
 */
export async function serveControl(
  path: string,
  host: ExtensionHost,
): Promise<() => Promise<void>> {
  const server = http.createServer((req, res) => {
    const answer = (status: number, body: ControlAnswer | unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const log: string[] = [];
    const collect = (line: string) => log.push(line);
    route(req, host, collect).then(
      (body) => answer(200, { ...(body as object), log }),
      (err: Error) =>
        answer(err instanceof HostError ? err.status : 400, { message: err.message, log }),
    );
  });
  await listenUnix(server, path);
  return () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
}

async function route(
  req: http.IncomingMessage,
  host: ExtensionHost,
  log: (line: string) => void,
): Promise<object> {
  const url = new URL(req.url ?? "/", "http://host");
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const body = async () => {
    const raw = (await readBody(req, 64 * 1024)).toString("utf8");
    return (raw ? JSON.parse(raw) : {}) as Partial<AddRequest>;
  };
  const method = req.method ?? "GET";
  if (parts[0] === "index-url" && method === "GET") return { url: host.indexUrl() };
  if (parts[0] !== "extensions") throw new HostError(`no such control route ${url.pathname}`, 404);
  if (parts.length === 1 && method === "GET") return { extensions: await host.list() };
  if (parts.length === 1 && method === "POST") {
    const { source, yes } = await body();
    if (typeof source !== "string" || !source) throw new HostError("give a source", 400);
    return { extension: await host.add(source, log, { yes: yes === true }) };
  }
  const name = parts[1]!;
  if (parts.length === 2 && method === "DELETE") {
    return {
      removed: await host.remove(name, { volumes: url.searchParams.get("volumes") === "1" }),
    };
  }
  if (parts.length === 3 && parts[2] === "update" && method === "POST") {
    const { yes } = await body();
    return { extension: await host.update(name, log, { yes: yes === true }) };
  }
  throw new HostError(`no such control route ${method} ${url.pathname}`, 404);
}
