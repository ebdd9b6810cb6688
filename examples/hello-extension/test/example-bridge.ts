import type { Server } from "node:http";
import { join } from "node:path";
import { createLogger, daemonConfig, startDaemon } from "@ddbridge/bridge-daemon";
import { TOKEN, tempDir } from "@ddbridge/testing";
import { createHelloBackend } from "../backend/hello-backend.js";

/** This extension's folder. */
export const EXTENSION = join(import.meta.dirname, "..");

/**
 * This extension as Docker Desktop would run it, without Docker: its backend
 * on a unix socket in this process, and a daemon serving its UI, host
 * binaries and (locally) its VM commands.
 */
export async function startExampleBridge() {
  const tmp = await tempDir("hello-extension-");
  const socketPath = join(tmp.dir, "hello-extension.sock");
  const backend: Server = createHelloBackend();
  await new Promise<void>((r) => backend.listen(socketPath, r));
  const daemon = await startDaemon(
    daemonConfig({
      name: "hello-extension",
      socketPath,
      ui: { root: join(EXTENSION, "ui"), entry: "index.html" },
      hostBinDir: join(EXTENSION, "host"),
      vm: { workdir: EXTENSION },
      token: TOKEN,
      logger: createLogger("silent"),
    }),
  );
  return {
    url: daemon.url!,
    async close() {
      await daemon.close();
      await new Promise((r) => backend.close(r));
      await tmp.remove();
    },
  };
}
