/** Where the daemon serves Desktop's screens (`desktopUI.navigate.*`) as pages of its own. */
export const VIEWS_PATH = "/ddbridge/views";
/** The one script every view page runs. */
export const VIEWS_SCRIPT_PATH = "/ddbridge/views.js";

/** A screen as its page's path names it. */
export type View =
  | { kind: "containers" }
  | { kind: "container"; id: string; tab: "overview" | "logs" | "inspect" | "terminal" | "stats" }
  | { kind: "images" }
  | { kind: "image"; id: string; tag: string | undefined }
  | { kind: "volumes" }
  | { kind: "volume"; name: string }
  | { kind: "dev-environments" };

const TABS = new Set(["logs", "inspect", "terminal", "stats"]);

/** The path (and query) of a view's page. IDs and names are one encoded segment each. */
export function viewPath(view: View): string {
  const seg = encodeURIComponent;
  switch (view.kind) {
    case "containers":
    case "images":
    case "volumes":
    case "dev-environments":
      return `${VIEWS_PATH}/${view.kind}`;
    case "container":
      return `${VIEWS_PATH}/containers/${seg(view.id)}${view.tab === "overview" ? "" : `/${view.tab}`}`;
    case "image":
      return `${VIEWS_PATH}/images/${seg(view.id)}${view.tag ? `?tag=${seg(view.tag)}` : ""}`;
    case "volume":
      return `${VIEWS_PATH}/volumes/${seg(view.name)}`;
  }
}

/** The view a page's location names; undefined for a path that is none. */
export function parseViewPath(pathname: string, search = ""): View | undefined {
  if (!pathname.startsWith(`${VIEWS_PATH}/`)) return undefined;
  let parts: string[];
  try {
    parts = pathname
      .slice(VIEWS_PATH.length + 1)
      .split("/")
      .map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const [section, id, tab, ...rest] = parts;
  if (rest.length || id === "") return undefined;
  switch (section) {
    case "containers":
      if (id === undefined) return tab === undefined ? { kind: "containers" } : undefined;
      if (tab !== undefined && !TABS.has(tab)) return undefined;
      return { kind: "container", id, tab: (tab ?? "overview") as "overview" };
    case "images":
      if (tab !== undefined) return undefined;
      return id === undefined
        ? { kind: "images" }
        : { kind: "image", id, tag: new URLSearchParams(search).get("tag") ?? undefined };
    case "volumes":
      if (tab !== undefined) return undefined;
      return id === undefined ? { kind: "volumes" } : { kind: "volume", name: id };
    case "dev-environments":
      return id === undefined ? { kind: "dev-environments" } : undefined;
    default:
      return undefined;
  }
}
