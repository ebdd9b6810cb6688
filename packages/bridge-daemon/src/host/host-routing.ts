import { createHash } from "node:crypto";

/** Where a request to the host goes. */
export type HostRoute = { kind: "index" } | { kind: "extension"; label: string };

/** A DNS label: what an extension's origin is named by (`NAME.localhost`). */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The route of a request by its Host (or `:authority`): `NAME.localhost:PORT`
 * (or `NAME.` one of `--allow-host`'s names) is extension NAME's origin;
 * anything else (loopback by address, `localhost`, a unix socket with no
 * Host) is the host's own, the index page. A Host that is neither is left
 * to the browser guard, which refuses it.
 */
export function routeOf(host: string | undefined, allowHosts: ReadonlySet<string>): HostRoute {
  if (!host) return { kind: "index" };
  const name = host.replace(/:\d+$/, "").replace(/\.$/, "").toLowerCase();
  const dot = name.indexOf(".");
  if (dot < 0) return { kind: "index" };
  const label = name.slice(0, dot);
  const parent = name.slice(dot + 1);
  if ((parent === "localhost" || allowHosts.has(parent)) && LABEL.test(label)) {
    return { kind: "extension", label };
  }
  return { kind: "index" };
}

/**
 * The label an extension is served under: its image's repository name (or
 * metadata name) made a DNS label, with `-2`, `-3`… when another has it.
 */
export function labelFor(
  image: string,
  name: string | undefined,
  taken: ReadonlySet<string>,
): string {
  const repo =
    image
      .replace(/@.*$/, "")
      .replace(/:[^/:]*$/, "")
      .split("/")
      .pop() ?? "";
  // A folder `up` built is tagged ddbridge.local/<folder>-<hash>: the folder's name it is.
  const built = image.startsWith("ddbridge.local/");
  const base =
    (built ? repo.replace(/-[0-9a-f]{10}$/, "") : repo || (name ?? ""))
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 50)
      .replace(/-+$/, "") || "extension";
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * Which extension a bare token belongs to, for clients that reach the host
 * by address (grpcurl, Go, Python): the token picks its own extension and
 * no other. Looked up by digest, so no comparison leaks a token's prefix.
 */
export function tokenIndex(): {
  set(label: string, token: string): void;
  remove(label: string): void;
  find(authorization: string | undefined): string | undefined;
} {
  const byDigest = new Map<string, string>();
  const digestOf = new Map<string, string>();
  const digest = (token: string) => createHash("sha256").update(token).digest("hex");
  return {
    set(label, token) {
      const d = digest(token);
      byDigest.set(d, label);
      digestOf.set(label, d);
    },
    remove(label) {
      const d = digestOf.get(label);
      if (d) byDigest.delete(d);
      digestOf.delete(label);
    },
    find(authorization) {
      if (!authorization?.startsWith("Bearer ")) return undefined;
      return byDigest.get(digest(authorization.slice(7)));
    },
  };
}
