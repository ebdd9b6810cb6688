import { readFile } from "node:fs/promises";
import type * as http from "node:http";
import { createRequire } from "node:module";
import { VIEWS_PATH, VIEWS_SCRIPT_PATH } from "@ddbridge/web-shim/view-paths";
import type { Request } from "../rpc/http-handler.js";
import { SHIM_PATH } from "../ui/shim-script.js";
import type { DaemonConfig } from "./daemon-config.js";

const require = createRequire(import.meta.url);
/** The views' script (built by the web-shim package), read at the first view asked for. */
const VIEWS_BUNDLE = require.resolve("@ddbridge/web-shim/ddbridge-views.js");

/** Answers a request when it is one of the views'; false lets it go on to the UI. */
export type ViewRoutes = (req: Request, res: http.ServerResponse) => boolean;

/**
 * Desktop's screens behind `ddClient.desktopUI.navigate.*` (containers,
 * logs, inspect, terminal, images, volumes) as the daemon's own pages under
 * /ddbridge/views/: one page and one script, on the extension's origin, so
 * they run with the tab's credential (never a token in a URL) and pass the
 * same Host and Origin rules as the extension. Without an engine, none.
 */
export function createViewRoutes(config: Pick<DaemonConfig, "docker">): ViewRoutes | undefined {
  if (!config.docker) return undefined;
  let script: Promise<string> | undefined;
  return (req, res) => {
    const path = (req.url ?? "").split("?")[0]!;
    const isScript = path === VIEWS_SCRIPT_PATH;
    if (!isScript && path !== VIEWS_PATH && !path.startsWith(`${VIEWS_PATH}/`)) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return true;
    }
    if (!isScript) {
      res.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        // The pages' own scripts only: names and logs from containers are text, never markup.
        "content-security-policy":
          "default-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
      });
      res.end(PAGE);
      return true;
    }
    script ??= readFile(VIEWS_BUNDLE, "utf8");
    script.then(
      (text) => {
        res.writeHead(200, {
          "content-type": "text/javascript; charset=utf-8",
          "cache-control": "no-cache",
        });
        res.end(text);
      },
      (err: Error) => {
        res.writeHead(500).end(`the views' script is missing: ${err.message}`);
      },
    );
    return true;
  };
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>ddbridge</title><script src="${SHIM_PATH}"></script></head>
<body><main id="view">Loading…</main><script src="${VIEWS_SCRIPT_PATH}"></script></body></html>
`;
