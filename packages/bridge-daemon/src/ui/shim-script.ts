/** Where pages load the shim from: the daemon answers it before any UI route. */
export const SHIM_PATH = "/ddbridge/shim.js";

/** The classic-script shim with the page's facts in front of it. */
export function shimScript(shimSource: string, info: Record<string, string | number>): string {
  return `window.__DDBRIDGE_INFO__=${JSON.stringify(info)};\n${shimSource}`;
}

/**
 * Puts the shim's script tag first in <head> (or first in the document), so
 * `window.ddClient` and the theme globals exist before the page's own scripts run.
 */
export function injectShim(html: string): string {
  const tag = `<script src="${SHIM_PATH}"></script>`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head)
    return (
      html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length)
    );
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  return doctype ? doctype[0] + tag + html.slice(doctype[0].length) : tag + html;
}
