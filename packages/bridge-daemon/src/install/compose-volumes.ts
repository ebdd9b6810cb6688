import { refuseUnknownKeys } from "./compose-keys.js";
/** Where a service's volume entry comes from. */
export type VolumeSpec =
  | { kind: "bind"; source: string; target: string; readOnly: boolean }
  /** A path relative to the compose file (`./data`, `~/data`): a folder of the extension's own. */
  | { kind: "local"; path: string; target: string; readOnly: boolean }
  | { kind: "volume"; name: string; target: string; readOnly: boolean }
  | { kind: "anonymous"; target: string }
  | { kind: "tmpfs"; target: string };

const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/**
 * Reads one entry of a service's `volumes`: the short syntax
 * `SOURCE:TARGET[:MODE]` or `TARGET`, or the long one (`type`, `source`,
 * `target`, `read_only`). A relative source is a folder of the extension's
 * own: in Docker Desktop the compose file lives in the VM, not in the user's
 * home, so `./x` and `~/x` never reach the user's files.
 */
export function parseVolume(entry: unknown, where: string): VolumeSpec {
  if (typeof entry === "object" && entry !== null) {
    return longVolume(entry as Record<string, unknown>, where);
  }
  const text = String(entry);
  const [source, target, mode, ...extra] = text.split(":");
  const modes = (mode ?? "").split(",").filter(Boolean);
  const bad = modes.filter(
    (m) => !["ro", "rw", "z", "Z", "cached", "delegated", "consistent", "nocopy"].includes(m),
  );
  if (extra.length || bad.length) {
    throw new Error(`${where}: volume ${JSON.stringify(text)} must be SOURCE:TARGET[:ro|rw]`);
  }
  if (target === undefined) return { kind: "anonymous", target: absolute(source ?? "", where) };
  return classify(source ?? "", absolute(target, where), modes.includes("ro"), where);
}

function longVolume(entry: Record<string, unknown>, where: string): VolumeSpec {
  refuseUnknownKeys(
    entry,
    new Set(["type", "source", "target", "read_only", "bind", "volume", "tmpfs", "consistency"]),
    `${where}: volume`,
  );
  const target = absolute(String(entry.target ?? ""), where);
  const readOnly = entry.read_only === true;
  const source = entry.source === undefined ? undefined : String(entry.source);
  switch (entry.type) {
    case "bind":
      if (!source) throw new Error(`${where}: a bind volume needs a source`);
      return classify(source, target, readOnly, where, "bind");
    case "volume":
      if (!source) return { kind: "anonymous", target };
      return classify(source, target, readOnly, where, "volume");
    case "tmpfs":
      return { kind: "tmpfs", target };
    default:
      throw new Error(
        `${where}: volume type ${JSON.stringify(entry.type)} must be bind, volume or tmpfs`,
      );
  }
}

function classify(
  source: string,
  target: string,
  readOnly: boolean,
  where: string,
  type?: "bind" | "volume",
): VolumeSpec {
  if (source.startsWith("/") && type !== "volume")
    return { kind: "bind", source, target, readOnly };
  if (/^(\.\.?|~)(\/|$)/.test(source) && type !== "volume") {
    const path = source.replace(/^~(\/|$)/, "home$1").replace(/^\.(\/|$)/, "");
    if (path.split("/").includes("..")) {
      throw new Error(`${where}: ${JSON.stringify(source)} leaves the extension's folder`);
    }
    return { kind: "local", path: path || ".", target, readOnly };
  }
  if (type === "bind" || !VOLUME_NAME.test(source)) {
    throw new Error(`${where}: bad volume source ${JSON.stringify(source)}`);
  }
  return { kind: "volume", name: source, target, readOnly };
}

function absolute(target: string, where: string): string {
  if (!target.startsWith("/")) {
    throw new Error(`${where}: volume target ${JSON.stringify(target)} must be an absolute path`);
  }
  return target;
}
