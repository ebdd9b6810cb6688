import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { underFolder } from "./image-path.js";
import { MetadataError } from "./metadata-error.js";

/** The parts of an extension's metadata.json that ddbridge uses. */
export interface ExtensionMetadata {
  name?: string;
  /** The icon's path in the image (what Desktop's Extensions tab shows). */
  icon?: string;
  vm?: {
    image?: string;
    composefile?: string;
    exposes?: { socket?: string };
  };
  host?: {
    binaries?: Array<Partial<Record<HostPlatform, Array<{ path: string }>>>>;
  };
  ui?: Record<
    string,
    { title?: string; root?: string; src?: string; backend?: { socket?: string } }
  >;
}

/** The platform keys of `host.binaries`. */
export type HostPlatform = "darwin" | "windows" | "linux";

export { MetadataError };

/** Reads and checks `DIR/metadata.json`; every section is optional. */
export async function readMetadata(dir: string): Promise<ExtensionMetadata> {
  const file = join(dir, "metadata.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new MetadataError(
      code === "ENOENT"
        ? `no ${file}: is ${dir} an extension folder? (--extension DIR)`
        : `cannot read ${file}: ${(err as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new MetadataError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  return checkMetadata(value, file);
}

/** Checks the shape of parsed metadata; `where` names the source in errors. */
export function checkMetadata(value: unknown, where: string): ExtensionMetadata {
  const fail = (msg: string): never => {
    throw new MetadataError(`${where}: ${msg}`);
  };
  if (!isObject(value)) fail("must be a JSON object");
  const m = value as ExtensionMetadata & Record<string, unknown>;
  if (m.name !== undefined && typeof m.name !== "string") fail("name must be a string");
  if (m.vm !== undefined) {
    if (!isObject(m.vm)) fail("vm must be an object");
    const vm = m.vm!;
    if (vm.image !== undefined && vm.composefile !== undefined) {
      fail("vm must have exactly one of image or composefile, not both");
    }
    const socket = vm.exposes?.socket;
    if (
      socket !== undefined &&
      (typeof socket !== "string" || socket === "" || /[/\\]/.test(socket))
    ) {
      fail(`vm.exposes.socket must be a file name, got ${JSON.stringify(socket)}`);
    }
  }
  if (m.vm !== undefined) {
    for (const key of ["image", "composefile"] as const) {
      const v = m.vm[key];
      if (v !== undefined && (typeof v !== "string" || v === "")) {
        fail(`vm.${key} must be a non-empty string, got ${JSON.stringify(v)}`);
      }
    }
  }
  if (m.ui !== undefined) {
    if (!isObject(m.ui)) fail("ui must be an object of tabs, such as dashboard-tab");
    for (const [tab, spec] of Object.entries(m.ui as Record<string, unknown>)) {
      if (!isObject(spec)) fail(`ui["${tab}"] must be an object`);
      for (const key of ["title", "root", "src"]) {
        const v = (spec as Record<string, unknown>)[key];
        if (v !== undefined && typeof v !== "string") {
          fail(`ui["${tab}"].${key} must be a string, got ${JSON.stringify(v)}`);
        }
      }
    }
  }
  if (m.host !== undefined && !isObject(m.host)) fail("host must be an object");
  if (m.host?.binaries !== undefined) {
    if (!Array.isArray(m.host.binaries)) fail("host.binaries must be a list");
    for (const entry of m.host.binaries) {
      if (!isObject(entry))
        fail("host.binaries entries must be objects keyed darwin/windows/linux");
      for (const [platform, list] of Object.entries(entry)) {
        if (!["darwin", "windows", "linux"].includes(platform)) {
          fail(
            `host.binaries: unknown platform ${JSON.stringify(platform)} (darwin, windows, linux)`,
          );
        }
        if (!Array.isArray(list) || list.some((b) => typeof b?.path !== "string")) {
          fail(`host.binaries.${platform} must be a list of { "path": "/path/in/image" }`);
        }
      }
    }
  }
  return m;
}

/** The metadata key for a Node platform. */
export function hostPlatform(platform: NodeJS.Platform = process.platform): HostPlatform {
  return platform === "win32" ? "windows" : platform === "darwin" ? "darwin" : "linux";
}

/**
 * The host binaries the extension ships for `platform`: base name → path
 * under `dir`, where the image's files are laid out (the author's repo, or
 * what `up` extracted).
 */
export function hostBinaryPaths(
  m: ExtensionMetadata,
  dir: string,
  platform = hostPlatform(),
): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const entry of m.host?.binaries ?? []) {
    for (const b of entry[platform] ?? []) paths[basename(b.path)] = underFolder(dir, b.path);
  }
  return paths;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
