import * as net from "node:net";
import type { DaemonConfig } from "./daemon-config.js";
import type { SniffingServer } from "./h2c-sniffing-server.js";
import { listen, listenUnix } from "./listen.js";

/** The daemon's open listeners and the URL of its TCP one. */
export interface Listeners {
  servers: net.Server[];
  url: string | undefined;
}

/**
 * Opens the TCP listener (`--listen`) and the unix one (`--unix`), each
 * handing its connections to the sniffer; on failure closes what opened.
 */
export async function openListeners(
  config: Pick<DaemonConfig, "listen" | "unixPath">,
  sniffer: SniffingServer,
): Promise<Listeners> {
  const servers: net.Server[] = [];
  let url: string | undefined;
  try {
    if (config.listen) {
      // No Nagle: small RPC frames must not wait for an ACK (http.createServer does the same).
      const tcp = net.createServer({ noDelay: true }, (s) => sniffer.accept(s, "tcp"));
      const { host, port } = config.listen;
      await listen(tcp, { host, port }).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== "EADDRINUSE") throw err;
        throw new Error(
          `${host}:${port} is already in use (another ddbridge serve?): stop it, or pick a free port with --listen ${host}:0 (EADDRINUSE)`,
        );
      });
      servers.push(tcp);
      const addr = tcp.address() as net.AddressInfo;
      const hostPart = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
      url = `http://${hostPart}:${addr.port}`;
    }
    if (config.unixPath) {
      const unix = net.createServer((s) => sniffer.accept(s, "unix"));
      await listenUnix(unix, config.unixPath);
      servers.push(unix);
    }
  } catch (err) {
    for (const l of servers) l.close();
    throw err;
  }
  return { servers, url };
}
