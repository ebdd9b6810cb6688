// Compile-time truth, checked by `tsc -p tsconfig.test.json` in CI (not a
// runtime test): the installed ddClient must stay assignable to the public
// @docker/extension-api-client-types surface, v1Hybrid and v1.
import type { v1, v1Hybrid } from "@docker/extension-api-client-types";
import type { DockerDesktopClient } from "../src/install-dd-client.js";

type Assert<T extends true> = T;
export type ToHybrid = Assert<
  DockerDesktopClient extends v1Hybrid.DockerDesktopClient ? true : false
>;
export type ToV1 = Assert<DockerDesktopClient extends v1.DockerDesktopClient ? true : false>;
