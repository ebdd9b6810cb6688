import { readFile, realpath, stat } from "node:fs/promises";
import type * as http from "node:http";
import { join, sep } from "node:path";
import sirv from "sirv";
import { injectShim } from "./shim-script.js";
import type { UiHandler } from "./ui-handler.js";

/** Where the extension's UI is. */
export interface StaticUiOptions {
  /** The UI folder (`ui["dashboard-tab"].root` inside the extension). */
  root: string;
  /** Its entry page (`ui["dashboard-tab"].src`), served at "/". */
  entry: string;
}

/**
 * Serves the extension UI from its folder. HTML documents ("/" is the entry
 * page) get the shim's <script> first in <head>; every other file goes out
 * through sirv: streamed, with the full MIME table, ETag/304, ranges, and a
 * precompressed `.br`/`.gz` sibling when the browser accepts it. Paths (after
 * symlinks) never leave the UI folder; sirv only sees paths checked here.
 * No secret is served: the token reaches the page in the URL fragment.
 */
export function createStaticUi(options: StaticUiOptions): UiHandler {
  const rootReal = realpath(options.root);
  rootReal.catch(() => {});
  // dev mode: look files up per request (a `vite build --watch` adds files),
  // with ETag and `Cache-Control: no-cache` so a rebuilt UI is always seen.
  const files = sirv(options.root, { dev: true, etag: true, gzip: true, brotli: true });
  return async (req, res) => {
    const method = req.method ?? "GET";
    if (method !== "GET" && method !== "HEAD") return send(res, 405, "method not allowed");
    const pathname = safeDecode(new URL(req.url ?? "/", "http://x").pathname);
    if (pathname === undefined) return send(res, 400, "bad path");
    const root = await rootReal;
    const relative = pathname === "/" ? `/${options.entry}` : pathname;
    const file = await realpath(join(root, relative)).catch(() => undefined);
    if (!file?.startsWith(root + sep) || !(await stat(file)).isFile()) {
      // Browsers ask for one on every first load: none is no error in the console.
      if (pathname === "/favicon.ico") return void res.writeHead(204).end();
      return send(res, 404, "not found");
    }
    if (/\.html?$/i.test(file)) {
      const html = injectShim(await readFile(file, "utf8"));
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-cache",
        "x-content-type-options": "nosniff",
      });
      return void res.end(method === "HEAD" ? undefined : html);
    }
    res.setHeader("x-content-type-options", "nosniff");
    req.url = relative.split("/").map(encodeURIComponent).join("/");
    files(req, res, () => send(res, 404, "not found"));
  };
}

function safeDecode(p: string): string | undefined {
  try {
    const d = decodeURIComponent(p);
    return d.includes("\0") ? undefined : d;
  } catch {
    return undefined;
  }
}

function send(res: http.ServerResponse, status: number, body: string) {
  res.writeHead(status, { "content-type": "text/plain", "cache-control": "no-store" });
  res.end(body);
}
