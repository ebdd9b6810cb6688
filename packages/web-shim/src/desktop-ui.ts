import type { v1 } from "@docker/extension-api-client-types";
import { notAvailable } from "./not-available.js";
import { type View, viewPath } from "./view-paths.js";

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

/** Each intent's view: the page of the daemon's that stands in for Desktop's screen. */
const VIEWS: Record<keyof v1.NavigationIntents, (...args: string[]) => View> = {
  viewContainers: () => ({ kind: "containers" }),
  viewContainer: (id) => ({ kind: "container", id: id!, tab: "overview" }),
  viewContainerLogs: (id) => ({ kind: "container", id: id!, tab: "logs" }),
  viewContainerInspect: (id) => ({ kind: "container", id: id!, tab: "inspect" }),
  viewContainerTerminal: (id) => ({ kind: "container", id: id!, tab: "terminal" }),
  viewContainerStats: (id) => ({ kind: "container", id: id!, tab: "stats" }),
  viewImages: () => ({ kind: "images" }),
  viewImage: (id, tag) => ({ kind: "image", id: id!, tag }),
  viewVolumes: () => ({ kind: "volumes" }),
  viewVolume: (name) => ({ kind: "volume", name: name! }),
};

/**
 * The daemon's views, when it serves them (it has an engine): `exists`
 * rejects for a container, image or volume the engine does not have, as
 * Desktop's intents do.
 */
export interface ViewOpener {
  exists(view: View): Promise<void>;
}

/** `desktopUI.navigate` plus the intent Desktop dropped from its types, which extensions still call. */
export type Navigate = v1.NavigationIntents & { viewDevEnvironments(): Promise<void> };

/**
 * `ddClient.desktopUI`: toasts are shown as real, visible toasts in the page
 * (role="status", gone after 5 s). `navigate.*` opens the daemon's own page
 * for that screen (containers, logs that follow, inspect, a terminal,
 * images, volumes) in a new tab, or in place when the browser blocks the
 * tab; a daemon without an engine has none, and an info toast names what
 * Docker Desktop would have opened (extensions rarely catch, and an uncaught
 * rejection would break them). The native file dialog has no equivalent and
 * rejects.
 */
export function createDesktopUI(doc: Document, views?: ViewOpener): v1.DesktopUI {
  const toast = (kind: keyof typeof COLORS) => (msg: string) => showToast(doc, kind, msg);
  const open = (view: View) => {
    const win = doc.defaultView;
    const url = viewPath(view);
    if (!win) return;
    // Not noopener: the new tab of this origin inherits this tab's session (its credential).
    if (!win.open(url, "_blank")) win.location.assign(url);
  };
  const navigate =
    (name: keyof v1.NavigationIntents) =>
    async (...args: string[]): Promise<void> => {
      if (views) {
        const view = VIEWS[name](...args);
        await views.exists(view);
        return open(view);
      }
      showToast(
        doc,
        "info",
        `Docker Desktop would open ${SCREENS[name](...args)} (desktopUI.navigate.${name})`,
      );
    };
  const intents: Navigate = {
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
    viewDevEnvironments: async () => {
      if (views) open({ kind: "dev-environments" });
      else showToast(doc, "info", "Docker Desktop would open Dev Environments");
    },
  };
  return {
    toast: { success: toast("success"), warning: toast("warning"), error: toast("error") },
    dialog: {
      showOpenDialog: () =>
        Promise.reject(notAvailable("desktopUI.dialog.showOpenDialog (host file paths)")),
    },
    navigate: intents,
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
