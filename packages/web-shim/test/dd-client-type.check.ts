// Compile-time truth, checked by `tsc -p tsconfig.test.json` in CI (not a
// runtime test): the installed ddClient must stay assignable to the public
// @docker/extension-api-client-types surface, v1Hybrid and v1.
import type { v1, v1Hybrid } from "@docker/extension-api-client-types";
import type { DockerDesktopClient } from "../src/install-dd-client.js";
import "../src/index.js";

type Assert<T extends true> = T;
export type ToHybrid = Assert<
  DockerDesktopClient extends v1Hybrid.DockerDesktopClient ? true : false
>;
export type ToV1 = Assert<DockerDesktopClient extends v1.DockerDesktopClient ? true : false>;

// The augmentation (src/dd-client-augment.ts): new code finds ddbridge's
// additions on Docker Desktop's own types, as optional members.
declare const dd: v1.DockerDesktopClient;
const proc = dd.extension.vm?.cli.exec("sh", [], {
  stream: { onOutput: () => {} },
  stdin: true,
  tty: { cols: 80, rows: 24 },
});
proc?.write?.("echo hi\n");
proc?.resize?.(100, 30);
proc?.end?.();
export const socket: Promise<WebSocket> | undefined = dd.extension.vm?.service?.websocket?.(
  "/live",
  "chat",
);
// Without the augmentation's methods (Docker Desktop), code still compiles.
export const legacy: v1.ExecProcess = { close() {} };
