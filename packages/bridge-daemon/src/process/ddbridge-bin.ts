import { fileURLToPath } from "node:url";

/**
 * The `ddbridge` command of this package (src/ and dist/ both sit two
 * folders under the package root), for tools that start it as a process.
 */
export const DDBRIDGE_BIN = fileURLToPath(new URL("../../bin/ddbridge.js", import.meta.url));
