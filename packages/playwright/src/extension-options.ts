import { isAbsolute, resolve } from "node:path";

/** A backend the fixture runs as a local process, as the author runs it during development. */
export interface BackendCommand {
  /** The program and its arguments (no shell); `{socket}` becomes the socket path. */
  command: string[];
  /** Working directory, relative to the extension folder (default: the folder). */
  cwd?: string;
  /** Extra environment for the backend only; `{socket}` in a value becomes the socket path. */
  env?: Record<string, string>;
}

/** The `extension` option: a folder, or where the backend and UI come from. */
export interface ExtensionOptions {
  /** The extension folder with metadata.json, relative to the Playwright config (default "."). */
  dir?: string;
  /** Run this image with `ddbridge up`, as Docker Desktop installs it. */
  image?: string;
  /** Take the UI from a running dev server (`ddbridge serve --ui-source`). */
  uiSource?: string;
  /**
   * `"up"`: build `dir`'s Dockerfile and run it with `ddbridge up`;
   * a command: run it locally on a socket ddbridge chooses; `"none"` (default): no backend.
   */
  backend?: "up" | "none" | BackendCommand;
  /** Extra environment for the daemon (and a backend command). */
  env?: Record<string, string>;
  /** Extra `ddbridge serve` or `ddbridge up` flags, e.g. ["--network", "none"]. */
  args?: string[];
}

/** What the fixture starts, decided from the option before anything runs. */
export type BridgePlan =
  | {
      kind: "serve";
      dir: string;
      uiSource: string | undefined;
      backend: BackendCommand | undefined;
      env: Record<string, string>;
      args: string[];
    }
  | {
      kind: "up";
      /** An image, or a folder with a Dockerfile. */
      source: string;
      uiSource: string | undefined;
      env: Record<string, string>;
      args: string[];
    };

/** Turns the `extension` option into a plan; relative folders are taken from `base`. */
export function planBridge(option: string | ExtensionOptions, base: string): BridgePlan {
  const o: ExtensionOptions = typeof option === "string" ? { dir: option } : option;
  const dir = resolve(base, o.dir ?? ".");
  const common = { uiSource: o.uiSource, env: o.env ?? {}, args: o.args ?? [] };
  if (o.image !== undefined) {
    if (o.backend !== undefined && o.backend !== "up") {
      throw new Error('extension: "image" runs the image\'s own backend; leave "backend" out');
    }
    if (o.image === "") throw new Error('extension: "image" must name an image');
    return { kind: "up", source: o.image, ...common };
  }
  if (o.backend === "up") return { kind: "up", source: dir, ...common };
  if (o.backend === undefined || o.backend === "none") {
    return { kind: "serve", dir, backend: undefined, ...common };
  }
  if (!Array.isArray(o.backend.command) || o.backend.command.length === 0) {
    throw new Error(
      'extension: "backend.command" must be a non-empty list, e.g. ["./backend", "-socket", "{socket}"]',
    );
  }
  return { kind: "serve", dir, backend: o.backend, ...common };
}

/** The backend command with `{socket}` replaced, and its working directory. */
export function backendInvocation(
  backend: BackendCommand,
  dir: string,
  socket: string,
): { file: string; args: string[]; cwd: string; env: Record<string, string> } {
  const [file, ...args] = backend.command.map((a) => a.replaceAll("{socket}", socket));
  const env = Object.fromEntries(
    Object.entries(backend.env ?? {}).map(([k, v]) => [k, v.replaceAll("{socket}", socket)]),
  );
  const cwd =
    backend.cwd === undefined
      ? dir
      : isAbsolute(backend.cwd)
        ? backend.cwd
        : resolve(dir, backend.cwd);
  return { file: file!, args, cwd, env };
}

/** The `ddbridge` arguments for a plan: a free loopback port, and the socket a command backend uses. */
export function daemonArgs(plan: BridgePlan, socket: string | undefined): string[] {
  const ui = plan.uiSource ? ["--ui-source", plan.uiSource] : [];
  const listen = ["--listen", "127.0.0.1:0"];
  if (plan.kind === "up") return ["up", plan.source, ...listen, ...ui, ...plan.args];
  const backend = socket ? ["--socket", socket] : [];
  return ["serve", "--extension", plan.dir, ...listen, ...backend, ...ui, ...plan.args];
}
