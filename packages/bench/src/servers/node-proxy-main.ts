/**
 * The Node anchor of the HTTP bench: the least a reverse proxy written in
 * Node does (node:http in, an undici Pool to the backend socket out, the
 * body streamed through), in a process of its own as the daemon is. What
 * ddbridge costs beyond this is what its protocol and checks cost.
 *
 *   node --import tsx node-proxy-main.ts SOCKET   → prints "listening PORT"
 */
import { createServer } from "node:http";
import { pipeline } from "node:stream/promises";
import { Pool } from "undici";

const socketPath = process.argv[2];
if (!socketPath) throw new Error("usage: node-proxy-main.ts SOCKET");
const pool = new Pool("http://localhost", { socketPath, connections: 256, pipelining: 1 });

const server = createServer({ keepAliveTimeout: 30_000 }, async (req, res) => {
  try {
    const upstream = await pool.request({
      method: req.method as "GET",
      path: req.url ?? "/",
      headers: { "content-type": req.headers["content-type"] },
      body: req.method === "GET" || req.method === "HEAD" ? undefined : req,
    });
    res.writeHead(upstream.statusCode, upstream.headers as Record<string, string>);
    await pipeline(upstream.body, res);
  } catch (err) {
    if (!res.headersSent) res.writeHead(502);
    res.end(String(err));
  }
});
server.listen(0, "127.0.0.1", () => {
  const addr = server.address() as { port: number };
  process.stdout.write(`listening ${addr.port}\n`);
});
const stop = () => {
  server.close();
  void pool.close().then(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
