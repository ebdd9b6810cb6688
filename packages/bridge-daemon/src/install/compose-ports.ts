import { refuseUnknownKeys } from "./compose-keys.js";
/** One published port: a container port, and where on the host it is published. */
export interface PortSpec {
  containerPort: number;
  protocol: "tcp" | "udp" | "sctp";
  /** The host address; undefined lets `up` choose (loopback unless the user says otherwise). */
  hostIp?: string;
  /** The host port; undefined for a free port the engine picks. */
  hostPort?: number;
}

/** Ranges beyond this many ports are refused rather than expanded. */
const MAX_RANGE = 1024;

/**
 * Reads a service's `ports`: the short syntax
 * `[[IP:][HOST[-HOST]]:]CONTAINER[-CONTAINER][/PROTO]` (IPv6 in brackets) and
 * the long one (`target`, `published`, `host_ip`, `protocol`), one entry per
 * port of a range.
 */
export function parsePorts(value: unknown, where: string): PortSpec[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${where} must be a list`);
  return value.flatMap((entry) =>
    typeof entry === "object" && entry !== null
      ? [longPort(entry as Record<string, unknown>, where)]
      : shortPort(String(entry), where),
  );
}

function shortPort(entry: string, where: string): PortSpec[] {
  const bad = () =>
    new Error(`${where}: port ${JSON.stringify(entry)} is not [[IP:]HOST:]CONTAINER[/PROTO]`);
  let rest = entry.trim();
  let protocol: PortSpec["protocol"] = "tcp";
  const slash = rest.lastIndexOf("/");
  if (slash >= 0) {
    protocol = proto(rest.slice(slash + 1), where);
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  const v6 = /^\[([0-9a-fA-F:.]+)\]:(.*)$/.exec(rest);
  if (v6) {
    hostIp = v6[1];
    rest = v6[2] as string;
  }
  const parts = rest.split(":");
  if (parts.length === 3 && hostIp === undefined) hostIp = parts.shift();
  if (parts.length > 2 || (v6 && parts.length !== 2)) throw bad();
  const container = range(parts.at(-1) as string, bad);
  const host = parts.length === 2 && parts[0] !== "" ? range(parts[0] as string, bad) : undefined;
  if (host && host.length !== container.length && host.length !== 1) throw bad();
  if (hostIp === "") hostIp = undefined;
  return container.map((containerPort, i) => ({
    containerPort,
    protocol,
    ...(hostIp !== undefined ? { hostIp } : {}),
    // A single host port for a container range is the first of as many (as compose does).
    ...(host ? { hostPort: host.length === 1 ? (host[0] as number) + i : host[i] } : {}),
  }));
}

function longPort(entry: Record<string, unknown>, where: string): PortSpec {
  refuseUnknownKeys(
    entry,
    new Set(["target", "published", "host_ip", "protocol", "mode", "name", "app_protocol"]),
    `${where}: port`,
  );
  const containerPort = port(entry.target, `${where}.target`);
  const published =
    entry.published === undefined || entry.published === ""
      ? undefined
      : port(entry.published, `${where}.published`);
  return {
    containerPort,
    protocol: entry.protocol === undefined ? "tcp" : proto(String(entry.protocol), where),
    ...(typeof entry.host_ip === "string" && entry.host_ip !== "" ? { hostIp: entry.host_ip } : {}),
    ...(published !== undefined ? { hostPort: published } : {}),
  };
}

function range(text: string, bad: () => Error): number[] {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) throw bad();
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from < 1 || to > 65535 || to < from || to - from >= MAX_RANGE) throw bad();
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function port(value: unknown, where: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new Error(`${where}: ${JSON.stringify(value)} is not a port number`);
  }
  return n;
}

function proto(text: string, where: string): PortSpec["protocol"] {
  if (text === "tcp" || text === "udp" || text === "sctp") return text;
  throw new Error(`${where}: protocol ${JSON.stringify(text)} must be tcp, udp or sctp`);
}
