import { mintLoginCode } from "../auth/login-code.js";
import type { DockerEngine } from "../engine/engine.js";
import { killOrphans } from "../exec/marked-processes.js";
import { ensureWatchdog } from "../exec/orphan-watchdog.js";
import { registerOwner } from "../exec/owner-registry.js";
import { down } from "../install/down.js";
import { reachBackend } from "../install/remote-backend.js";
import { writeServing } from "../install/serving-record.js";
import type { Installed } from "../install/up.js";
import type { Logger } from "../log/logger.js";
import type { Handler } from "../rpc/http-handler.js";
import type { BrowserPolicy } from "../server/browser-guard.js";
import { connectionLimits } from "../server/connection-limits.js";
import type { DaemonConfig } from "../server/daemon-config.js";
import { openListeners } from "../server/daemon-listeners.js";
import { createSniffingServer } from "../server/h2c-sniffing-server.js";
import { authorityOf, firstHeader } from "../server/request-header.js";
import { refuseUpgrade } from "../websocket/refuse-upgrade.js";
import { labelFor, routeOf, tokenIndex } from "./host-routing.js";
import {
  type HostedExtension,
  type HostedSummary,
  hostExtension,
  summarize,
} from "./hosted-extension.js";
import { createIndexPage, type IndexEntry, noSuchExtension } from "./index-page.js";

/** What the host needs from whoever starts it (the CLI: flags, `up`'s options). */
export interface HostOptions {
  listen: { host: string; port: number };
  unixPath: string | undefined;
  engine: DockerEngine;
  logger: Logger;
  /** The host's own token: the index page and nothing else. */
  token: string;
  browser: BrowserPolicy;
  /** Installs (or re-installs) a source, as `ddbridge up` does; `log` hears its progress. */
  install(source: string, log: (line: string) => void, allow: { yes: boolean }): Promise<Installed>;
  /** The daemon configuration of an installed extension, without its token. */
  configOf(installed: Installed): Promise<Omit<DaemonConfig, "token">>;
  /** DDBRIDGE_HOME: forwarded sockets live under it. */
  home: string;
  /** How long a removed extension's streams get before they are cut off. */
  graceMs: number;
}

/** A running host: many extensions on one port, each on its own origin. */
export interface ExtensionHost {
  /** "http://127.0.0.1:7799": the index page is at "http://localhost:7799/". */
  url: string;
  indexUrl(): string;
  /** An extension's URL with a fresh login code for it. */
  link(label: string): string | undefined;
  add(source: string, log: (line: string) => void, allow: { yes: boolean }): Promise<HostedSummary>;
  remove(name: string, options: { volumes: boolean }): Promise<string[]>;
  update(
    name: string,
    log: (line: string) => void,
    allow: { yes: boolean },
  ): Promise<HostedSummary>;
  list(): Promise<HostedSummary[]>;
  close(): Promise<void>;
}

/**
 * Starts the host: one listener; a request's Host picks its extension
 * (`NAME.localhost:PORT`), or a client's bare token does; the rest is the
 * index page. Each extension is a whole daemon app of its own (token,
 * backend, targets, UI), added, updated and removed while the others serve.
 */
export async function startHost(options: HostOptions): Promise<ExtensionHost> {
  const { logger, engine } = options;
  const orphans = await killOrphans();
  if (orphans > 0)
    logger.warn("ended processes a dead daemon's commands left running", { orphans });
  ensureWatchdog();
  await registerOwner();
  const hosted = new Map<string, HostedExtension>();
  const stopServing = new Map<string, () => Promise<void>>();
  const tokens = tokenIndex();
  /** Forwarded backend sockets (ssh:// engines), closed with their extension. */
  const tunnels = new Map<string, () => Promise<void>>();
  /** Labels being installed, updated or removed: one change at a time per extension. */
  const busy = new Map<string, Promise<unknown>>();
  let port = 0;
  const originOf = (label: string) => `http://${label}.localhost:${port}`;
  /** The extension's URL with a fresh login code: the code is spent at its first use. */
  const loginLink = (ext: HostedExtension) =>
    `${originOf(ext.label)}/#ddbridge-code=${mintLoginCode(ext.token)}`;

  const index = createIndexPage({
    token: options.token,
    browser: options.browser,
    logger,
    entries: async () =>
      Promise.all(
        [...hosted.values()].map(
          async (ext): Promise<IndexEntry> => ({
            ...(await summarize(ext, engine, originOf(ext.label))),
            link: loginLink(ext),
          }),
        ),
      ),
  });
  const handle: Handler = (req, res) => {
    const route = routeOf(authorityOf(req), options.browser.allowHosts);
    if (route.kind === "extension") {
      const ext = hosted.get(route.label);
      if (ext) return ext.app.handle(req, res);
      noSuchExtension(req, res, route.label);
      return;
    }
    const byToken = tokens.find(firstHeader(req, "authorization"));
    const ext = byToken === undefined ? undefined : hosted.get(byToken);
    if (ext) return ext.app.handle(req, res);
    index(req, res);
  };
  const limits = connectionLimits();
  const sniffer = createSniffingServer(handle, {
    limits,
    onUpgrade: (req, socket, head) => {
      const route = routeOf(req.headers.host, options.browser.allowHosts);
      const ext = route.kind === "extension" ? hosted.get(route.label) : undefined;
      if (ext) return ext.app.upgrade(req, socket, head);
      refuseUpgrade(socket, 404, "no WebSocket is served here: use the extension's own origin");
    },
  });
  const { servers, url } = await openListeners(
    { listen: options.listen, unixPath: options.unixPath },
    sniffer,
  );
  port = Number(new URL(url!).port);
  logger.info("listening", { url, index: `http://localhost:${port}/`, unix: options.unixPath });

  /** Runs `change` once no other change to `key` runs. */
  const serially = async <T>(key: string, change: () => Promise<T>): Promise<T> => {
    while (busy.has(key)) await busy.get(key)!.catch(() => {});
    const run = change();
    busy.set(key, run);
    try {
      return await run;
    } finally {
      busy.delete(key);
    }
  };
  const find = (name: string): HostedExtension => {
    const exact = hosted.get(name.toLowerCase());
    if (exact) return exact;
    const matches = [...hosted.values()].filter(
      (e) => e.installed.image === name || e.source === name || e.installed.name === name,
    );
    if (matches.length === 1) return matches[0]!;
    const names = [...hosted.keys()].join(", ") || "none";
    throw new HostError(
      matches.length
        ? `${name} names several extensions: use one of ${names}`
        : `no extension ${name} on this host (it serves: ${names})`,
      404,
    );
  };
  const serve = async (label: string, source: string, installed: Installed, keepToken?: string) => {
    const config = await options.configOf(installed);
    const backend = await reachBackend(engine, config.socketPath, options.home, (err) =>
      logger.warn("the backend's socket could not be reached over ssh", {
        extension: label,
        error: err.message,
      }),
    );
    const ext = await hostExtension(
      label,
      source,
      installed,
      { ...config, socketPath: backend.socketPath },
      keepToken,
    );
    tunnels.set(label, backend.close);
    hosted.set(label, ext);
    tokens.set(label, ext.token);
    stopServing.set(label, await writeServing(installed.dir, originOf(label)));
    logger.info("serving an extension", {
      extension: label,
      image: installed.image,
      url: originOf(label),
    });
    return summarize(ext, engine, originOf(label));
  };
  const unserve = async (ext: HostedExtension) => {
    hosted.delete(ext.label);
    tokens.remove(ext.label);
    await stopServing.get(ext.label)?.();
    stopServing.delete(ext.label);
    await ext.app.stop(options.graceMs);
    await tunnels.get(ext.label)?.();
    tunnels.delete(ext.label);
  };

  return {
    url: url!,
    indexUrl: () => `http://localhost:${port}/#ddbridge-code=${mintLoginCode(options.token)}`,
    link: (label) => {
      const ext = hosted.get(label);
      return ext && loginLink(ext);
    },
    add: (source, log, allow) =>
      serially(`source:${source}`, async () => {
        const installed = await options.install(source, log, allow);
        const mine = [...hosted.values()].find((e) => e.installed.dir === installed.dir);
        if (mine) await unserve(mine);
        const label =
          mine?.label ?? labelFor(installed.image, installed.name, new Set(hosted.keys()));
        return serve(label, source, installed, mine?.token);
      }),
    remove: (name, { volumes }) => {
      const ext = find(name);
      return serially(`source:${ext.source}`, async () => {
        await unserve(ext);
        const { dir } = ext.installed;
        const slug = dir.split("/").pop()!;
        return down(engine, dir, slug, volumes ? { volumes: "all" } : {});
      });
    },
    update: (name, log, allow) => {
      const ext = find(name);
      return serially(`source:${ext.source}`, async () => {
        // The page stays open: the same label and token come back with the new install.
        await unserve(ext);
        const installed = await options.install(ext.source, log, allow);
        return serve(ext.label, ext.source, installed, ext.token);
      });
    },
    list: () =>
      Promise.all([...hosted.values()].map((e) => summarize(e, engine, originOf(e.label)))),
    async close() {
      const closed = Promise.all(
        servers.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))),
      );
      await Promise.all([...hosted.values()].map((e) => unserve(e)));
      sniffer.close(false);
      const timer = setTimeout(() => sniffer.close(true), 2000);
      await closed;
      clearTimeout(timer);
    },
  };
}

/** A refusal of a host operation, with the HTTP status the control socket answers. */
export class HostError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
