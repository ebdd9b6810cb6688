import { mkdir, unlink } from "node:fs/promises";
import { dirname } from "node:path";
import { createHelloBackend } from "./hello-backend.js";

/**
 * Starts the example backend on its unix socket: the first argument, else
 * DDBRIDGE_BACKEND_SOCKET, else where Docker Desktop would put it.
 */
const socket =
  process.argv[2] ??
  process.env.DDBRIDGE_BACKEND_SOCKET ??
  "/run/guest-services/hello-extension.sock";
await mkdir(dirname(socket), { recursive: true });
await unlink(socket).catch(() => {});
const server = createHelloBackend();
server.listen(socket, () =>
  process.stdout.write(`hello-extension backend listening on ${socket}\n`),
);
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
