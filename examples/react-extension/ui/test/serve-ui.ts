import { join } from "node:path";
import { type DaemonProcess, spawnDaemon, type TempDir, tempDir } from "@ddbridge/testing";

/** The sample extension's folder (metadata.json, ui/). */
export const EXTENSION = join(import.meta.dirname, "..", "..");

/** `ddbridge serve` of the sample extension with extra flags, and its UI URL with the token. */
export async function serveSample(
  flags: string[],
): Promise<{ daemon: DaemonProcess; url: string; home: TempDir; stop(): Promise<void> }> {
  const home = await tempDir();
  const daemon = await spawnDaemon(
    ["--extension", EXTENSION, "--listen", "127.0.0.1:0", "--no-docker", ...flags],
    { DDBRIDGE_HOME: home.dir, DDBRIDGE_TOKEN: "sample-token-for-the-ui-tests-0123456789" },
  );
  return {
    daemon,
    home,
    url: `${daemon.url}/#ddbridge-token=sample-token-for-the-ui-tests-0123456789`,
    async stop() {
      daemon.child.kill("SIGTERM");
      await daemon.exit;
      await home.remove();
    },
  };
}
