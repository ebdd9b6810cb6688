import { type View, viewPath } from "../view-paths.js";

/**
 * An element with text children only: every name, label and log line the
 * engine returns is text, so no container can put markup in a view.
 */
export function h(
  tag: string,
  attrs: Record<string, string> = {},
  ...children: Array<Node | string>
): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) el.append(typeof c === "string" ? document.createTextNode(c) : c);
  return el;
}

/** A link to another view of this page, by path (no token: the tab's session carries it). */
export function viewLink(view: View, label: string): HTMLElement {
  return h("a", { href: viewPath(view) }, label);
}

/** A table of rows of cells (text or elements). */
export function table(headers: string[], rows: Array<Array<Node | string>>): HTMLElement {
  return h(
    "table",
    {},
    h("thead", {}, h("tr", {}, ...headers.map((x) => h("th", {}, x)))),
    h("tbody", {}, ...rows.map((r) => h("tr", {}, ...r.map((c) => h("td", {}, c))))),
  );
}

/** The words of an error, as the view shows them. */
export function errorText(err: unknown): string {
  if (err && typeof err === "object") {
    const e = err as { message?: unknown; stderr?: unknown };
    if (typeof e.stderr === "string" && e.stderr.trim()) return e.stderr.trim();
    if (typeof e.message === "string") return e.message;
  }
  return String(err);
}

export const STYLE = `
body{font:14px system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e6e6e6;background:#1e1f22}a{color:#7cb7ff}}
header{padding:10px 16px;border-bottom:1px solid #8884;display:flex;gap:16px;align-items:baseline}
header nav{display:flex;gap:12px}
main{padding:16px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #8883;font-size:13px}
pre{font:12px ui-monospace,monospace;white-space:pre-wrap;word-break:break-all;margin:0}
.tabs{display:flex;gap:12px;margin:8px 0 12px}
.error{color:#c62828}
#terminal{height:70vh}
`;
