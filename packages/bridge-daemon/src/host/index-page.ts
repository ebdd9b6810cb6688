import type * as http from "node:http";
import { Code, ConnectError } from "@connectrpc/connect";
import { sendRefusal } from "@ddbridge/protocol";
import { bearerCheck } from "../auth/bearer-check.js";
import type { Logger } from "../log/logger.js";
import type { Request, Response } from "../rpc/http-handler.js";
import { admitBrowser } from "../server/browser-admission.js";
import type { BrowserPolicy } from "../server/browser-guard.js";
import { createSessionExchange, SESSION_PATH } from "../server/session-exchange.js";
import { UI_SECURITY_HEADERS } from "../ui/security-headers.js";
import type { HostedSummary } from "./hosted-extension.js";

/** Where the index page reads the list of extensions. */
export const EXTENSIONS_PATH = "/ddbridge/host/extensions";
const SCRIPT_PATH = "/ddbridge/host.js";

/** Each extension as the index page lists it, with a fresh single-use link into it (spent at the first visit). */
export type IndexEntry = HostedSummary & { link: string };

/**
 * The host's own origin (`http://localhost:PORT/`): the index page, as
 * Desktop's Extensions tab, behind the host's token. The page is an empty
 * shell; the list (with each extension's single-use link) is read with the
 * credential its `#ddbridge-code=` bought, so no other local user, and no
 * other site, learns what runs here or gets into it. RPCs without an
 * extension's origin or token are told where to go.
 */
export function createIndexPage(options: {
  token: string;
  browser: BrowserPolicy;
  logger: Logger;
  entries: () => Promise<IndexEntry[]>;
}): (req: Request, res: Response) => void {
  const check = bearerCheck(options.token);
  const exchange = createSessionExchange(options.token, (reason) =>
    options.logger.warn("refused a login code", { reason, origin: "index" }),
  );
  return (req, res) => {
    const out = res as http.ServerResponse;
    if (!admitBrowser(options.browser, req, res, options.logger)) return;
    const path = (req.url ?? "").split("?")[0]!;
    if (isRpc(req) && path !== SESSION_PATH) {
      return sendRefusal(
        res,
        req.headers["content-type"],
        new ConnectError(
          "this ddbridge hosts several extensions: call one on its own origin (NAME.localhost:PORT; grpcurl -authority NAME.localhost), or send that extension's own token (ddbridge ls --json shows its tokenFile)",
          Code.NotFound,
        ),
      );
    }
    for (const [name, value] of Object.entries(UI_SECURITY_HEADERS)) out.setHeader(name, value);
    if (path === SESSION_PATH) return exchange(req, out);
    if (path === "/" && req.method === "GET") {
      out.writeHead(200, {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "content-security-policy":
          "default-src 'self'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'",
      });
      return void out.end(PAGE);
    }
    if (path === SCRIPT_PATH) {
      out.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      return void out.end(SCRIPT);
    }
    if (path === EXTENSIONS_PATH) {
      const problem = check(req.headers.authorization);
      if (problem) {
        options.logger.warn("refused the index without the host's token", { reason: problem });
        out.writeHead(401, { "content-type": "application/json" });
        return void out.end(JSON.stringify({ message: problem }));
      }
      options.entries().then(
        (list) => {
          out.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
          out.end(JSON.stringify(list));
        },
        (err: Error) => {
          out.writeHead(500, { "content-type": "application/json" });
          out.end(JSON.stringify({ message: err.message }));
        },
      );
      return;
    }
    if (path === "/favicon.ico") return void out.writeHead(204).end();
    out.writeHead(404, { "content-type": "text/plain" });
    out.end("not found");
  };
}

/** Whether a request is an RPC (gRPC, gRPC-Web, Connect), to be answered in its protocol. */
function isRpc(req: Request): boolean {
  return /^application\/(grpc|connect|proto|json)/.test(req.headers["content-type"] ?? "");
}

/**
 * "No such extension here" for a name no extension of the host has: NOT_FOUND
 * in its own protocol for an RPC, a 404 page for a browser.
 */
export function noSuchExtension(req: Request, res: Response, label: string): void {
  const message = `no extension "${label}" on this ddbridge (ddbridge ls lists them)`;
  if (isRpc(req)) {
    sendRefusal(res, req.headers["content-type"], new ConnectError(message, Code.NotFound));
  } else {
    (res as http.ServerResponse).writeHead(404, { "content-type": "text/plain" });
    res.end(message);
  }
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Extensions · ddbridge</title>
<style>
body{font:14px system-ui,sans-serif;margin:0;color:#1d1d1f;background:#f4f4f6}
@media (prefers-color-scheme:dark){body{color:#e6e6e6;background:#1e1f22}.card{background:#2b2d31!important}a{color:#7cb7ff}}
header{padding:14px 20px;font-size:18px;font-weight:600}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:16px;padding:0 20px 20px}
.card{background:#fff;border-radius:8px;padding:14px;box-shadow:0 1px 3px #0002}
.card img{width:40px;height:40px;float:left;margin-right:12px}
.card h2{font-size:16px;margin:0 0 4px}
.meta{color:#888;font-size:12px}
.state{display:inline-block;margin:8px 0;font-size:12px;padding:2px 8px;border-radius:10px;background:#8882}
ul{margin:4px 0 0;padding-left:18px;font-size:12px}
.error{color:#c62828;padding:0 20px}
</style></head>
<body><header>Extensions</header><main id="extensions" aria-busy="true"></main>
<script src="${SCRIPT_PATH}"></script></body></html>
`;

// Plain script, no build: the page's whole logic. Text only (textContent), never markup.
const SCRIPT = `(async () => {
  const KEY = "ddbridge-credential";
  const main = document.getElementById("extensions");
  const fail = (msg) => { const p = document.createElement("p"); p.className = "error"; p.setAttribute("role", "alert"); p.textContent = msg; document.body.append(p); main.removeAttribute("aria-busy"); };
  const params = new URLSearchParams(location.hash.slice(1));
  const code = params.get("ddbridge-code");
  if (code) history.replaceState(null, "", location.pathname);
  let credential = sessionStorage.getItem(KEY);
  if (code) {
    const res = await fetch("${SESSION_PATH}", { method: "POST", headers: { "content-type": "text/plain" }, body: code, credentials: "omit" });
    const body = await res.json().catch(() => ({}));
    if (res.ok && body.credential) { credential = body.credential; sessionStorage.setItem(KEY, credential); }
    else if (!credential) return fail("This link was refused (" + (body.message || res.status) + "). Open the address ddbridge printed, or run: ddbridge url");
  }
  if (!credential) return fail("Open the address ddbridge printed (it logs you in), or run: ddbridge url");
  const res = await fetch("${EXTENSIONS_PATH}", { headers: { authorization: "Bearer " + credential }, cache: "no-store" });
  if (!res.ok) return fail("The host refused the list: " + ((await res.json().catch(() => ({}))).message || res.status));
  const list = await res.json();
  const el = (tag, attrs, ...kids) => { const e = document.createElement(tag); for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v); e.append(...kids); return e; };
  main.removeAttribute("aria-busy");
  if (list.length === 0) main.append(el("p", {}, "No extensions yet: ddbridge up IMAGE installs one here."));
  for (const x of list) {
    const card = el("article", { class: "card", "data-extension": x.label });
    if (x.icon && x.icon.startsWith("data:image/")) card.append(el("img", { src: x.icon, alt: "" }));
    card.append(el("h2", {}, el("a", { href: x.link }, x.name)));
    card.append(el("div", { class: "meta" }, x.image + " · " + x.version));
    card.append(el("span", { class: "state" }, x.state));
    card.append(el("div", { class: "meta" }, x.url));
    if (x.privileges.length) card.append(el("div", { class: "meta" }, "Privileges allowed at install:"), el("ul", {}, ...x.privileges.map((p) => el("li", {}, p))));
    main.append(card);
  }
})();
`;
