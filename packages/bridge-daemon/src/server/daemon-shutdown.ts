import type * as net from "node:net";
import { Code, ConnectError } from "@connectrpc/connect";
import type { SniffingServer } from "./h2c-sniffing-server.js";

/** What shutting down ends, in order. */
export interface ShutdownParts {
  listeners: net.Server[];
  sniffer: SniffingServer;
  /** Aborted first: running commands end at once (their process groups). */
  stopCommands: AbortController;
  /** Aborted after the grace period: every call still in flight ends. */
  shutdown: AbortController;
  graceMs: number;
  /** Closed last, once no call uses them (the dev-server proxy, the backend pool). */
  finally: () => Promise<void>;
}

/**
 * Shuts a daemon down: stops accepting, ends running commands (their
 * streams end UNAVAILABLE, not OK), lets other calls finish within the
 * grace period, then cuts off what is left. Once, however often called.
 */
export function shutdownOnce(parts: ShutdownParts): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      const closed = Promise.all(
        parts.listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))),
      );
      const reason = new ConnectError("daemon shutting down", Code.Unavailable);
      parts.stopCommands.abort(reason);
      parts.sniffer.close(false);
      if ((await Promise.race([closed, after(parts.graceMs)])) === "timeout") {
        parts.shutdown.abort(reason);
        if ((await Promise.race([closed, after(1000)])) === "timeout") {
          parts.sniffer.close(true);
          await closed;
        }
      }
      await parts.finally();
    })();
    return closing;
  };
}

function after(ms: number): Promise<"timeout"> {
  return new Promise((resolve) => setTimeout(() => resolve("timeout"), ms).unref());
}
