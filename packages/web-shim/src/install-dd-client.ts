import { Code, ConnectError, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-web";
import { createDdClient } from "@ddbridge/client";
import type { v1Hybrid } from "@docker/extension-api-client-types";
import { backendWebSockets } from "./backend-websocket.js";
import { createDesktopUI, type ViewOpener } from "./desktop-ui.js";
import { recordCalls } from "./record-calls.js";
import { CALL_EVENT } from "./recording.js";
import { type Credential, resolveCredential } from "./resolve-credential.js";
import { showTokenOverlay, type TokenTrouble } from "./token-overlay.js";
import { createV0Surface } from "./v0-client.js";
import { webSocketSessions } from "./websocket-session.js";

/** What the daemon tells the page about itself (served in /ddbridge/shim.js). */
export interface ShimInfo {
  name: string;
  image: string;
  platform: string;
  arch: string;
  hostname: string;
  /** The daemon's --max-body: requests that fit go as one unary call. */
  maxBodyBytes?: number;
  /** 1 when the daemon serves Desktop's screens as pages (desktopUI.navigate.*). */
  views?: number;
}

/** Options of {@link installDdClient}. */
export interface InstallOptions {
  /** The daemon's URL; default: this page's origin. */
  baseUrl?: string;
  /** Bearer token; default: exchanged for the `#ddbridge-code=` login code, then this tab's sessionStorage. */
  token?: string;
  /** Wire protocol (default "connect"); both work over HTTP/1.1 and HTTP/2. */
  protocol?: "connect" | "grpc-web";
  /** Known extension and host facts; default: window.__DDBRIDGE_INFO__, then asked of the daemon. */
  info?: Partial<ShimInfo>;
  /** Where to install `ddClient` (default: window). */
  target?: Window;
}

/** The object installed as `window.ddClient`: Docker Desktop's v0 and v1 surface. */
export type DockerDesktopClient = v1Hybrid.DockerDesktopClient;

declare global {
  interface Window {
    ddClient?: DockerDesktopClient;
    __DDBRIDGE_INFO__?: Partial<ShimInfo>;
    /** Set before the shim loads to have it raise a "ddbridge:call" event per call. */
    __DDBRIDGE_RECORD__?: boolean;
  }
}

/**
 * Creates `window.ddClient` over Connect-Web so an unchanged Docker Desktop
 * extension UI talks to its real backend through a ddbridge daemon. Install it
 * before the extension's own scripts run (the daemon's served UI does).
 */
export function installDdClient(options: InstallOptions = {}): DockerDesktopClient {
  const win = options.target ?? window;
  const baseUrl = (options.baseUrl ?? win.location.origin).replace(/\/$/, "");
  const credential = resolveCredential(win, baseUrl, options.token);
  // Without a credential, calls go out bare and the daemon answers UNAUTHENTICATED;
  // the person at the page is told what to do, once, in an overlay.
  const tell = (trouble: TokenTrouble) => showTokenOverlay(win.document, trouble);
  void credential.then((c) => c.trouble && tell(c.trouble));
  const interceptors = [
    bearerFrom(credential),
    onUnauthenticated(() =>
      credential.then((c) =>
        tell(c.value ? { kind: "refused" } : (c.trouble ?? { kind: "missing" })),
      ),
    ),
  ];
  const transport: Transport =
    options.protocol === "grpc-web"
      ? createGrpcWebTransport({ baseUrl, interceptors })
      : createConnectTransport({ baseUrl, interceptors, useBinaryFormat: true });
  const facts = { ...win.__DDBRIDGE_INFO__, ...options.info };
  const credentialValue = () => credential.then((c) => c.value);
  const direct = createDdClient(transport, {
    maxBodyBytes: facts.maxBodyBytes,
    openSession: webSocketSessions(baseUrl, credentialValue),
  });
  // Recording (the @ddbridge/playwright fixture's `ddbridgeRecord`): each call, once settled, as an event.
  const dd = win.__DDBRIDGE_RECORD__
    ? recordCalls(direct, (call) =>
        win.dispatchEvent(new CustomEvent(CALL_EVENT, { detail: call })),
      )
    : direct;

  const info: ShimInfo = {
    name: "",
    image: "",
    platform: "",
    arch: "",
    hostname: "",
    ...win.__DDBRIDGE_INFO__,
    ...options.info,
  };
  const host = {
    platform: info.platform,
    arch: info.arch,
    hostname: info.hostname,
    cli: dd.extension.host.cli,
    openExternal(url: string) {
      const protocol = new URL(url, win.location.href).protocol;
      if (protocol !== "http:" && protocol !== "https:") {
        throw new Error(`openExternal only opens http and https URLs, not ${protocol}`);
      }
      win.open(url, "_blank", "noopener,noreferrer");
    },
  };
  const vm = {
    ...dd.extension.vm,
    service: {
      ...dd.extension.vm.service,
      websocket: backendWebSockets(baseUrl, credentialValue),
    },
  };
  const extension = { image: info.image, vm, host: dd.extension.host };
  if (!info.platform) {
    // Not served by the daemon: learn the facts once, in the background.
    dd.info().then(
      (i) => {
        Object.assign(host, { platform: i.platform, arch: i.arch, hostname: i.hostname });
        extension.image = i.image;
      },
      () => {},
    );
  }
  const docker = dd.docker;
  const desktopUI = createDesktopUI(win.document, facts.views ? viewsOf(docker) : undefined);
  const client: DockerDesktopClient = {
    ...createV0Surface(dd, desktopUI, host.openExternal, docker),
    extension,
    desktopUI,
    host,
    docker,
  };
  win.ddClient = client;
  return client;
}

/** Calls `refused` when the daemon answers UNAUTHENTICATED, unary or streaming; errors still reach the caller. */
/** Sends the credential once it is known (a login code's exchange is one request away). */
function bearerFrom(credential: Promise<Credential>): Interceptor {
  return (next) => async (req) => {
    const { value } = await credential;
    if (value) req.header.set("authorization", `Bearer ${value}`);
    return next(req);
  };
}

function onUnauthenticated(refused: () => void): Interceptor {
  const check = (err: unknown) => {
    if (ConnectError.from(err).code === Code.Unauthenticated) refused();
    return err;
  };
  return (next) => async (req) => {
    const res = await next(req).catch((err) => {
      throw check(err);
    });
    if (!res.stream) return res;
    const messages = res.message;
    return {
      ...res,
      message: (async function* () {
        try {
          yield* messages;
        } catch (err) {
          throw check(err);
        }
      })(),
    };
  };
}

/** What `navigate.*` checks before it opens a view: the engine has what it names. */
function viewsOf(docker: DockerDesktopClient["docker"]): ViewOpener {
  const inspect = async (what: string, args: string[]) => {
    const result = await docker.cli
      .exec("inspect", args)
      .catch((err: { stderr?: string }) => ({ code: 1, stderr: err.stderr ?? String(err) }));
    if ((result as { code?: number }).code) throw new Error(`${what} does not exist`);
  };
  return {
    exists: async (view) => {
      if (view.kind === "container")
        return inspect(`container ${view.id}`, ["--type", "container", view.id]);
      if (view.kind === "image") return inspect(`image ${view.id}`, ["--type", "image", view.id]);
      if (view.kind === "volume")
        return inspect(`volume ${view.name}`, ["--type", "volume", view.name]);
    },
  };
}
