import type { DockerDesktopClient } from "../install-dd-client.js";
import { parseViewPath, type View } from "../view-paths.js";
import { field, jsonLines } from "./docker-json.js";
import { openTerminal } from "./terminal-view.js";
import { errorText, h, STYLE, table, viewLink } from "./view-dom.js";

/**
 * The daemon's stand-ins for Docker Desktop's screens, run on the
 * extension's origin after the shim: every read goes through the page's own
 * `ddClient.docker`, with the credential of this tab.
 */
async function main(): Promise<void> {
  const dd = window.ddClient as DockerDesktopClient;
  document.head.append(h("style", {}, STYLE));
  const root = document.getElementById("view")!;
  const view = parseViewPath(location.pathname, location.search);
  root.replaceChildren();
  document.body.prepend(
    h(
      "header",
      {},
      h("strong", {}, "ddbridge"),
      h(
        "nav",
        {},
        viewLink({ kind: "containers" }, "Containers"),
        viewLink({ kind: "images" }, "Images"),
        viewLink({ kind: "volumes" }, "Volumes"),
        h("a", { href: "/" }, "Extension"),
      ),
    ),
  );
  if (!view) {
    root.append(h("p", { class: "error" }, `no such view: ${location.pathname}`));
    return;
  }
  document.title = `${titleOf(view)} · ddbridge`;
  root.append(h("h1", {}, titleOf(view)));
  try {
    await render(dd, view, root);
  } catch (err) {
    root.append(h("p", { class: "error", role: "alert" }, errorText(err)));
  }
}

function titleOf(view: View): string {
  switch (view.kind) {
    case "containers":
      return "Containers";
    case "container":
      return `Container ${view.id}${view.tab === "overview" ? "" : ` · ${view.tab}`}`;
    case "images":
      return "Images";
    case "image":
      return `Image ${view.id}${view.tag ? `:${view.tag}` : ""}`;
    case "volumes":
      return "Volumes";
    case "volume":
      return `Volume ${view.name}`;
    case "dev-environments":
      return "Dev Environments";
  }
}

/** `--format` for one JSON object per line, quoted: buffered exec splits its arguments as shell words, as Desktop does. */
const JSON_LINES = '"{{json .}}"';

async function docker(dd: DockerDesktopClient, args: string[]): Promise<string> {
  const [cmd, ...rest] = args;
  const result = await dd.docker.cli.exec(cmd!, rest);
  return result.stdout;
}

async function render(dd: DockerDesktopClient, view: View, root: HTMLElement): Promise<void> {
  switch (view.kind) {
    case "containers": {
      const rows = jsonLines(
        await docker(dd, ["ps", "--all", "--no-trunc", "--format", JSON_LINES]),
      );
      root.append(
        table(
          ["Name", "Image", "State", "Status", ""],
          rows.map((r) => [
            viewLink({ kind: "container", id: field(r, "ID"), tab: "overview" }, field(r, "Names")),
            field(r, "Image"),
            field(r, "State"),
            field(r, "Status"),
            viewLink({ kind: "container", id: field(r, "ID"), tab: "logs" }, "logs"),
          ]),
        ),
      );
      return;
    }
    case "container":
      return renderContainer(dd, view, root);
    case "images": {
      const rows = jsonLines(await docker(dd, ["images", "--no-trunc", "--format", JSON_LINES]));
      root.append(
        table(
          ["Repository", "Tag", "ID", "Size"],
          rows.map((r) => [
            field(r, "Repository"),
            field(r, "Tag"),
            viewLink(
              { kind: "image", id: field(r, "ID"), tag: field(r, "Tag") || undefined },
              field(r, "ID").slice(0, 19),
            ),
            field(r, "Size"),
          ]),
        ),
      );
      return;
    }
    case "image":
      root.append(h("pre", {}, await docker(dd, ["image", "inspect", view.id])));
      return;
    case "volumes": {
      const rows = jsonLines(await docker(dd, ["volume", "ls", "--format", JSON_LINES]));
      root.append(
        table(
          ["Name", "Driver"],
          rows.map((r) => [
            viewLink({ kind: "volume", name: field(r, "Name") }, field(r, "Name")),
            field(r, "Driver"),
          ]),
        ),
      );
      return;
    }
    case "volume":
      root.append(h("pre", {}, await docker(dd, ["volume", "inspect", view.name])));
      return;
    case "dev-environments":
      root.append(
        h(
          "p",
          { role: "note" },
          "Dev Environments are not available: Docker retired them from Docker Desktop, and ddbridge has none.",
        ),
      );
      return;
  }
}

async function renderContainer(
  dd: DockerDesktopClient,
  view: Extract<View, { kind: "container" }>,
  root: HTMLElement,
): Promise<void> {
  const tab = (t: typeof view.tab, label: string) =>
    t === view.tab ? h("strong", {}, label) : viewLink({ ...view, tab: t }, label);
  root.append(
    h(
      "nav",
      { class: "tabs" },
      tab("overview", "Overview"),
      tab("logs", "Logs"),
      tab("inspect", "Inspect"),
      tab("terminal", "Terminal"),
      tab("stats", "Stats"),
    ),
  );
  switch (view.tab) {
    case "overview": {
      const [info] = JSON.parse(await docker(dd, ["container", "inspect", view.id])) as Array<{
        Name?: string;
        Config?: { Image?: string };
        State?: { Status?: string; ExitCode?: number };
        Created?: string;
      }>;
      root.append(
        table(
          ["", ""],
          [
            ["Name", (info?.Name ?? "").replace(/^\//, "")],
            ["Image", info?.Config?.Image ?? ""],
            ["State", `${info?.State?.Status ?? ""} (exit code ${info?.State?.ExitCode ?? "-"})`],
            ["Created", info?.Created ?? ""],
          ],
        ),
      );
      return;
    }
    case "inspect":
      root.append(h("pre", {}, await docker(dd, ["container", "inspect", view.id])));
      return;
    case "logs":
      return followLogs(dd, view.id, root);
    case "stats":
      return followStats(dd, view.id, root);
    case "terminal":
      return openTerminal(dd, view.id, root);
  }
}

/** `docker logs --follow`: each line as it is written, stderr marked, until the tab closes. */
function followLogs(dd: DockerDesktopClient, id: string, root: HTMLElement): Promise<void> {
  const out = h("pre", { id: "logs", "aria-live": "polite" });
  const state = h("p", { id: "logs-state" }, "following");
  root.append(state, out);
  return new Promise((resolve, reject) => {
    const proc = dd.docker.cli.exec("logs", ["--follow", "--tail", "1000", id], {
      stream: {
        splitOutputLines: true,
        onOutput(line) {
          const text = line.stdout ?? line.stderr ?? "";
          out.append(h("div", line.stderr !== undefined ? { class: "stderr" } : {}, text));
          if (window.innerHeight + window.scrollY >= document.body.scrollHeight - 40) {
            window.scrollTo(0, document.body.scrollHeight);
          }
        },
        onError: (err) => reject(err),
        onClose(code) {
          state.textContent = `the container's log ended (exit code ${code})`;
          resolve();
        },
      },
    });
    window.addEventListener("pagehide", () => proc.close());
  });
}

/** `docker stats`: the latest sample, refreshed as the engine sends them. */
function followStats(dd: DockerDesktopClient, id: string, root: HTMLElement): Promise<void> {
  const body = h("div", { id: "stats" }, "waiting for the first sample…");
  root.append(body);
  return new Promise((resolve, reject) => {
    const proc = dd.docker.cli.exec("stats", ["--format", "{{json .}}", id], {
      stream: {
        splitOutputLines: true,
        onOutput(line) {
          // docker stats clears the screen between samples (ESC [ … letters).
          const text = (line.stdout ?? "").replace(ESCAPES, "").trim();
          if (!text.startsWith("{")) return;
          const r = JSON.parse(text) as Record<string, unknown>;
          body.replaceChildren(
            table(
              ["CPU", "Memory", "Net I/O", "Block I/O", "PIDs"],
              [
                [
                  field(r, "CPUPerc"),
                  field(r, "MemUsage"),
                  field(r, "NetIO"),
                  field(r, "BlockIO"),
                  field(r, "PIDs"),
                ],
              ],
            ),
          );
        },
        onError: (err) => reject(err),
        onClose: () => resolve(),
      },
    });
    window.addEventListener("pagehide", () => proc.close());
  });
}

const ESCAPES = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g");

void main();
