/** One thing wrong with an extension, on the field it is about. */
export interface Problem {
  field: string;
  message: string;
}

/** What is at a path of the image (or the extension folder laid out like it). */
export type PathKind = "file" | "folder" | undefined;

const PLATFORMS = ["darwin", "windows", "linux"];

/**
 * Checks metadata.json as Docker Desktop's `docker extension validate` does
 * (https://docs.docker.com/extensions/extensions-sdk/architecture/metadata/):
 * an icon, each UI tab's title, root and entry page, exactly one of
 * vm.image and vm.composefile, and host.binaries paths per platform; every
 * path must exist (`kindOf` answers for image paths).
 */
export async function validateMetadata(
  value: unknown,
  kindOf: (imagePath: string) => Promise<PathKind>,
): Promise<Problem[]> {
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!isObject(value)) {
    add("(root)", "metadata.json must be a JSON object");
    return problems;
  }
  const needFile = async (field: string, path: unknown, kind: "file" | "folder" = "file") => {
    if (typeof path !== "string" || path === "") return add(field, "must be a non-empty string");
    const found = await kindOf(path);
    if (found !== kind) add(field, `${JSON.stringify(path)}: no such ${kind}`);
  };

  if (value.icon === undefined) add("icon", "is required (the extension's icon, e.g. docker.svg)");
  else await needFile("icon", value.icon);

  if (value.ui !== undefined) {
    if (!isObject(value.ui)) add("ui", "must be an object");
    else {
      for (const [name, tab] of Object.entries(value.ui)) {
        const field = `ui.${name}`;
        if (name !== "dashboard-tab")
          add(field, 'unknown UI extension point (only "dashboard-tab")');
        if (!isObject(tab)) {
          add(field, "must be an object with title, root and src");
          continue;
        }
        if (typeof tab.title !== "string" || tab.title === "") {
          add(`${field}.title`, "is required (the tab's title)");
        }
        await needFile(`${field}.root`, tab.root, "folder");
        if (typeof tab.src !== "string" || tab.src === "")
          add(`${field}.src`, "is required (e.g. index.html)");
        else if (typeof tab.root === "string")
          await needFile(`${field}.src`, `${tab.root}/${tab.src}`);
      }
    }
  }

  if (value.vm !== undefined) {
    if (!isObject(value.vm)) add("vm", "must be an object");
    else {
      const { image, composefile, exposes } = value.vm;
      if ((image === undefined) === (composefile === undefined)) {
        add("vm", "must have exactly one of image or composefile");
      }
      if (image !== undefined && (typeof image !== "string" || image === "")) {
        add("vm.image", `must be an image reference (e.g. "$\{DESKTOP_PLUGIN_IMAGE}")`);
      }
      if (composefile !== undefined) await needFile("vm.composefile", composefile);
      if (exposes !== undefined) {
        const socket = isObject(exposes) ? exposes.socket : undefined;
        if (typeof socket !== "string" || socket === "" || /[/\\]/.test(socket)) {
          add("vm.exposes.socket", "must be a socket file name, e.g. backend.sock");
        }
      }
    }
  }

  if (value.host !== undefined) {
    const binaries = isObject(value.host) ? value.host.binaries : undefined;
    if (!Array.isArray(binaries)) add("host.binaries", "must be a list");
    else {
      for (const [i, entry] of binaries.entries()) {
        if (!isObject(entry)) {
          add(`host.binaries[${i}]`, "must be an object keyed darwin, windows or linux");
          continue;
        }
        for (const [platform, list] of Object.entries(entry)) {
          const field = `host.binaries[${i}].${platform}`;
          if (!PLATFORMS.includes(platform)) {
            add(field, "unknown platform (darwin, windows, linux)");
            continue;
          }
          if (!Array.isArray(list)) {
            add(field, 'must be a list of { "path": "/path/in/image" }');
            continue;
          }
          for (const [j, b] of list.entries()) {
            await needFile(`${field}[${j}].path`, isObject(b) ? b.path : undefined);
          }
        }
      }
    }
  }
  return problems;
}

/** The image labels Docker Desktop requires of an extension (docs: extensions/labels). */
export const REQUIRED_LABELS = [
  "org.opencontainers.image.title",
  "org.opencontainers.image.description",
  "org.opencontainers.image.vendor",
  "com.docker.desktop.extension.api.version",
  "com.docker.desktop.extension.icon",
  "com.docker.extension.screenshots",
  "com.docker.extension.detailed-description",
  "com.docker.extension.publisher-url",
  "com.docker.extension.changelog",
] as const;

/** Checks an image's labels: each required one present, and the structured ones well formed. */
export function validateLabels(labels: Record<string, string>): Problem[] {
  const problems: Problem[] = [];
  for (const name of REQUIRED_LABELS) {
    if (!labels[name]) problems.push({ field: `LABEL ${name}`, message: "is required" });
  }
  const api = labels["com.docker.desktop.extension.api.version"];
  if (api && !/\d+\.\d+\.\d+/.test(api)) {
    problems.push({
      field: "LABEL com.docker.desktop.extension.api.version",
      message: `must be a semantic version or constraint such as ">= 0.3.4", got ${JSON.stringify(api)}`,
    });
  }
  const shots = labels["com.docker.extension.screenshots"];
  if (shots) {
    let ok = false;
    try {
      const parsed = JSON.parse(shots) as unknown;
      ok = Array.isArray(parsed) && parsed.every((s) => isObject(s) && typeof s.url === "string");
    } catch {}
    if (!ok) {
      problems.push({
        field: "LABEL com.docker.extension.screenshots",
        message: 'must be a JSON array of {"alt": ..., "url": ...}',
      });
    }
  }
  return problems;
}

/**
 * The labels a Dockerfile sets with LABEL (later ones win), for checking an
 * extension folder before it is built. Build args stay unexpanded.
 */
export function dockerfileLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const lines = text.replace(/\\\r?\n/g, " ").split(/\r?\n/);
  for (const line of lines) {
    const m = /^\s*LABEL\s+(.*)$/i.exec(line);
    if (!m) continue;
    const pair = /([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
    for (let p = pair.exec(m[1]!); p; p = pair.exec(m[1]!)) {
      const raw = p[2]!;
      labels[unquote(p[1]!)] = unquote(raw);
    }
  }
  return labels;
}

function unquote(s: string): string {
  if (s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1).replace(/\\(.)/g, "$1");
  if (s.startsWith("'") && s.endsWith("'")) return s.slice(1, -1);
  return s;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
