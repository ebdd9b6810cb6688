import { readFile, realpath, stat } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import type { Http2ServerResponse } from "node:http2";
import { extname, join, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json",
};

/** Where the extension's UI is and what the page must know. */
export interface StaticUiOptions {
  /** The UI folder (`ui["dashboard-tab"].root` inside the extension). */
  root: string;
  /** Its entry page (`ui["dashboard-tab"].src`), served at "/". */
  entry: string;
  /** The classic shim bundle's source. */
  shimSource: string;
  /** Non-secret facts for the page (extension image, host platform...). */
  info: Record<string, string>;
}

type Response = ServerResponse | Http2ServerResponse;

/**
 * Serves the extension UI from its folder: "/" is the entry page with the
 * shim's <script> put first in <head>, so `window.ddClient` exists before the
 * extension's own scripts run; "/ddbridge/shim.js" is the shim with the page
 * facts. Paths (after symlinks) never leave the UI folder. No secret is
 * served: the token reaches the page in the URL fragment.
 */
export function createStaticUi(options: StaticUiOptions) {
  const shim = `window.__DDBRIDGE_INFO__=${JSON.stringify(options.info)};\n${options.shimSource}`;
  const rootReal = realpath(options.root);
  return async (method: string, url: string, res: Response): Promise<void> => {
    if (method !== "GET" && method !== "HEAD")
      return send(res, 405, "text/plain", "method not allowed");
    const pathname = safeDecode(new URL(url, "http://x").pathname);
    if (pathname === undefined) return send(res, 400, "text/plain", "bad path");
    if (pathname === "/ddbridge/shim.js") return send(res, 200, TYPES[".js"]!, shim, method);
    const root = await rootReal;
    const wanted = pathname === "/" ? join(root, options.entry) : join(root, pathname);
    const file = await realpath(wanted).catch(() => undefined);
    if (!file || !(file === root || file.startsWith(root + sep)) || !(await stat(file)).isFile()) {
      return send(res, 404, "text/plain", "not found");
    }
    const type = TYPES[extname(file).toLowerCase()] ?? "application/octet-stream";
    const body = await readFile(file);
    if (type.startsWith("text/html"))
      return send(res, 200, type, injectShim(body.toString("utf8")), method);
    return send(res, 200, type, body, method);
  };
}

/** Puts the shim's script tag first in <head> (or first in the document). */
export function injectShim(html: string): string {
  const tag = '<script src="/ddbridge/shim.js"></script>';
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head)
    return (
      html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length)
    );
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? doctype[0] + tag + html.slice(doctype[0].length) : tag + html;
}

function safeDecode(p: string): string | undefined {
  try {
    const d = decodeURIComponent(p);
    return d.includes("\0") ? undefined : d;
  } catch {
    return undefined;
  }
}

function send(res: Response, status: number, type: string, body: string | Buffer, method = "GET") {
  (res as ServerResponse).writeHead(status, {
    "content-type": type,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  if (method === "HEAD") res.end();
  else res.end(body);
}
