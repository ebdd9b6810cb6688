import type { v1 } from "@docker/extension-api-client-types";
import { notAvailable } from "./not-available.js";

const COLORS = { success: "#1e7e34", warning: "#9a6700", error: "#c62828" } as const;

/**
 * `ddClient.desktopUI`: toasts are shown as real, visible toasts in the page
 * (role="status", gone after 5 s); the native file dialog and Docker
 * Desktop's own screens do not exist in a browser and say so.
 */
export function createDesktopUI(doc: Document): v1.DesktopUI {
  const toast = (kind: keyof typeof COLORS) => (msg: string) => showToast(doc, kind, msg);
  const navigate = (name: string) => () =>
    Promise.reject(notAvailable(`desktopUI.navigate.${name}`));
  return {
    toast: { success: toast("success"), warning: toast("warning"), error: toast("error") },
    dialog: {
      showOpenDialog: () =>
        Promise.reject(notAvailable("desktopUI.dialog.showOpenDialog (host file paths)")),
    },
    navigate: {
      viewContainers: navigate("viewContainers"),
      viewContainer: navigate("viewContainer"),
      viewContainerLogs: navigate("viewContainerLogs"),
      viewContainerInspect: navigate("viewContainerInspect"),
      viewContainerTerminal: navigate("viewContainerTerminal"),
      viewContainerStats: navigate("viewContainerStats"),
      viewImages: navigate("viewImages"),
      viewImage: navigate("viewImage"),
      viewVolumes: navigate("viewVolumes"),
      viewVolume: navigate("viewVolume"),
    },
  };
}

/** Shows a toast in a fixed stack at the bottom right of the page. */
export function showToast(doc: Document, kind: keyof typeof COLORS, msg: string): HTMLElement {
  let stack = doc.getElementById("ddbridge-toasts");
  if (!stack) {
    stack = doc.createElement("div");
    stack.id = "ddbridge-toasts";
    stack.style.cssText =
      "position:fixed;right:16px;bottom:16px;z-index:2147483647;display:flex;flex-direction:column;gap:8px;font:14px system-ui,sans-serif";
    (doc.body ?? doc.documentElement).appendChild(stack);
  }
  const el = doc.createElement("div");
  el.setAttribute("role", "status");
  el.dataset.kind = kind;
  el.className = `ddbridge-toast ddbridge-toast-${kind}`;
  el.textContent = msg;
  el.style.cssText = `background:${COLORS[kind]};color:#fff;padding:10px 14px;border-radius:6px;box-shadow:0 2px 8px #0004;max-width:360px`;
  stack.appendChild(el);
  setTimeout(() => el.remove(), 5000);
  return el;
}
