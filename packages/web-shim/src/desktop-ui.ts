import type { v1 } from "@docker/extension-api-client-types";
import { notAvailable } from "./not-available.js";

const COLORS = {
  success: "#1e7e34",
  warning: "#9a6700",
  error: "#c62828",
  info: "#0b5cad",
} as const;

/** What each `desktopUI.navigate` call would open in Docker Desktop. */
const SCREENS: Record<keyof v1.NavigationIntents, (...args: string[]) => string> = {
  viewContainers: () => "the Containers list",
  viewContainer: (id) => `container ${id}`,
  viewContainerLogs: (id) => `the logs of container ${id}`,
  viewContainerInspect: (id) => `the inspect view of container ${id}`,
  viewContainerTerminal: (id) => `a terminal in container ${id}`,
  viewContainerStats: (id) => `the stats of container ${id}`,
  viewImages: () => "the Images list",
  viewImage: (id, tag) => `image ${id}${tag ? `:${tag}` : ""}`,
  viewVolumes: () => "the Volumes list",
  viewVolume: (name) => `volume ${name}`,
};

/**
 * `ddClient.desktopUI`: toasts are shown as real, visible toasts in the page
 * (role="status", gone after 5 s). Docker Desktop's own screens do not
 * exist in a browser: `navigate.*` shows an info toast naming what Docker
 * Desktop would have opened and resolves (extensions rarely catch it, and
 * an uncaught rejection would break them). The native file dialog has no
 * equivalent and rejects.
 */
export function createDesktopUI(doc: Document): v1.DesktopUI {
  const toast = (kind: keyof typeof COLORS) => (msg: string) => showToast(doc, kind, msg);
  const navigate =
    (name: keyof v1.NavigationIntents) =>
    async (...args: string[]): Promise<void> => {
      showToast(
        doc,
        "info",
        `Docker Desktop would open ${SCREENS[name](...args)} (desktopUI.navigate.${name})`,
      );
    };
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

/** The window event each toast also raises, with a `ToastEvent` as its detail. */
export const TOAST_EVENT = "ddbridge:toast";

/** A toast as shown: its kind and its text. */
export interface ToastEvent {
  kind: keyof typeof COLORS;
  message: string;
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
  // Tests (the @ddbridge/playwright fixture) record toasts from this event: the element is gone after 5 s.
  doc.defaultView?.dispatchEvent(
    new CustomEvent(TOAST_EVENT, { detail: { kind, message: msg } satisfies ToastEvent }),
  );
  return el;
}
