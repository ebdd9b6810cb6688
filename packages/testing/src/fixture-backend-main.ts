import { unlink } from "node:fs/promises";
import { createFixtureBackend } from "./fixture-backend.js";
import { serveFixtureWebSockets } from "./fixture-websockets.js";

/**
 * The fixture backend as its own process (`node --import tsx`), for
 * benchmarks that must not share an event loop with it: listens on the
 * socket given as the first argument and says so on stdout.
 */
const socket = process.argv[2];
if (!socket) throw new Error("usage: fixture-backend-main.ts SOCKET");
await unlink(socket).catch(() => {});
const server = createFixtureBackend();
serveFixtureWebSockets(server);
server.listen(socket, () => process.stdout.write(`fixture backend listening on ${socket}\n`));
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
