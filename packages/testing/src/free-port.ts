import { createServer } from "node:net";

/** A loopback TCP port that was free a moment ago, for a server that must be told its port (Vite, PORT=). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}
