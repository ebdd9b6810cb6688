const OVERLAY_ID = "ddbridge-token-overlay";

/**
 * Why the page cannot call the daemon: it was opened without a link, the
 * daemon refused its link's login code (used, expired: the daemon's words),
 * or it refused the credential the page has (the token changed).
 */
export type TokenTrouble =
  | { kind: "missing" }
  | { kind: "code"; message: string }
  | { kind: "refused" };

/**
 * Tells the person at the page what to do when it has no usable token,
 * instead of letting every call fail with a message written for API clients:
 * open the URL ddbridge printed, and how to print it again (with this
 * page's own origin in the command). Shown once; a button dismisses it.
 */
export function showTokenOverlay(doc: Document, trouble: TokenTrouble): HTMLElement | undefined {
  if (doc.getElementById(OVERLAY_ID)) return undefined;
  const origin = doc.defaultView?.location.origin ?? "";
  const element = <K extends keyof HTMLElementTagNameMap>(tag: K, css: string, text = "") => {
    const e = doc.createElement(tag);
    e.style.cssText = css;
    e.textContent = text;
    return e;
  };
  const overlay = element(
    "div",
    "position:fixed;inset:0;z-index:2147483647;display:flex;align-items:center;justify-content:center;background:#000a;font:15px/1.5 system-ui,sans-serif",
  );
  overlay.id = OVERLAY_ID;
  overlay.setAttribute("role", "alertdialog");
  overlay.setAttribute("aria-modal", "true");
  overlay.setAttribute("aria-labelledby", `${OVERLAY_ID}-title`);
  const card = element(
    "div",
    "max-width:560px;margin:16px;padding:20px 24px;border-radius:8px;background:#fff;color:#17191c;box-shadow:0 4px 24px #0006",
  );
  const title = element(
    "h2",
    "margin:0 0 8px;font-size:18px",
    trouble.kind === "missing"
      ? "Open this extension with its ddbridge link"
      : trouble.kind === "code"
        ? "This ddbridge link does not work any more"
        : "ddbridge refused this page's token",
  );
  title.id = `${OVERLAY_ID}-title`;
  const opened =
    "Open the URL that ddbridge printed when it started (it ends in #ddbridge-code=…).";
  const why = element(
    "p",
    "margin:0 0 8px",
    trouble.kind === "missing"
      ? `This page was opened without the login code that lets it call its backend. ${opened}`
      : trouble.kind === "code"
        ? `ddbridge said: ${trouble.message}. Each link works once, for 15 minutes: print a new one.`
        : `The daemon now has another token (a new token file, or DDBRIDGE_TOKEN). ${opened}`,
  );
  const how = element("p", "margin:0 0 4px", "To print a fresh URL, run in a terminal:");
  const command = element(
    "pre",
    "margin:0 0 12px;padding:8px 10px;border-radius:4px;background:#eef0f3;white-space:pre-wrap;word-break:break-all;user-select:all",
    `npx ddbridge url ${origin}`,
  );
  const dismiss = doc.createElement("button");
  dismiss.type = "button";
  dismiss.textContent = "Dismiss";
  dismiss.addEventListener("click", () => overlay.remove());
  card.append(title, why, how, command, dismiss);
  overlay.append(card);
  const attach = () => (doc.body ?? doc.documentElement).appendChild(overlay);
  if (doc.body) attach();
  else doc.addEventListener("DOMContentLoaded", attach, { once: true });
  return overlay;
}
