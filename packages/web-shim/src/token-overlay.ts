const OVERLAY_ID = "ddbridge-token-overlay";

/** Why the page cannot call the daemon: it has no token, or the daemon refused the one it has. */
export type TokenTrouble = "missing" | "refused";

/**
 * Tells the person at the page what to do when it has no usable token,
 * instead of letting every call fail with a message written for API clients:
 * open the URL ddbridge printed, and how to print it again (with this
 * page's own origin in the command). Shown once; a button dismisses it.
 */
export function showTokenOverlay(doc: Document, trouble: TokenTrouble): HTMLElement | undefined {
  if (doc.getElementById(OVERLAY_ID)) return undefined;
  const origin = doc.defaultView?.location.origin ?? "";
  const overlay = doc.createElement("div");
  overlay.id = OVERLAY_ID;
  overlay.setAttribute("role", "alertdialog");
  overlay.setAttribute("aria-modal", "true");
  overlay.setAttribute("aria-labelledby", `${OVERLAY_ID}-title`);
  overlay.style.cssText =
    "position:fixed;inset:0;z-index:2147483647;display:flex;align-items:center;justify-content:center;background:#000a;font:15px/1.5 system-ui,sans-serif";
  const card = doc.createElement("div");
  card.style.cssText =
    "max-width:560px;margin:16px;padding:20px 24px;border-radius:8px;background:#fff;color:#17191c;box-shadow:0 4px 24px #0006";
  const title = doc.createElement("h2");
  title.id = `${OVERLAY_ID}-title`;
  title.style.cssText = "margin:0 0 8px;font-size:18px";
  title.textContent =
    trouble === "missing"
      ? "Open this extension with its ddbridge link"
      : "ddbridge refused this page's token";
  const why = doc.createElement("p");
  why.style.margin = "0 0 8px";
  why.textContent =
    trouble === "missing"
      ? "This page was opened without the token that lets it call its backend. Open the URL that ddbridge printed when it started (it ends in #ddbridge-token=…)."
      : "The daemon now has another token (a new token file, or DDBRIDGE_TOKEN). Open the URL that ddbridge printed when it started (it ends in #ddbridge-token=…).";
  const how = doc.createElement("p");
  how.style.margin = "0 0 4px";
  how.textContent = "To print that URL again, run in a terminal:";
  const command = doc.createElement("pre");
  command.style.cssText =
    "margin:0 0 12px;padding:8px 10px;border-radius:4px;background:#eef0f3;white-space:pre-wrap;word-break:break-all;user-select:all";
  command.textContent = `npx ddbridge url ${origin}`;
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
