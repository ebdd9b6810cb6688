import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createClient } from "@connectrpc/connect";
import { HttpService } from "@ddbridge/client";
import * as stubs from "@ddbridge/client/grpc-js";
import { createNodeTransport } from "@ddbridge/client/node";
import * as grpc from "@grpc/grpc-js";
import type { Page } from "playwright-core";
import { Pool } from "undici";
import type { AnchorName } from "../servers/anchors.js";
import { type LoadResult, load } from "./measure.js";

export const SIZES = [100, 64 * 1024, 4 * 1024 * 1024] as const;
export const CONCURRENCY = [1, 16, 64] as const;
export const CLIENTS = [
  "direct",
  "nginx",
  "Node proxy",
  "@ddbridge/client",
  "grpc-js",
  "connect-node gRPC",
  "connect-node Connect",
  "Connect-Web (Chromium)",
  "Go grpc-go",
  "Python grpcio",
] as const;
export type ClientName = (typeof CLIENTS)[number];

export interface MatrixCell {
  size: number;
  concurrency: number;
  client: ClientName;
  result: LoadResult;
  /** Why the cell has no figures: the first call that failed (the run goes on). */
  failed?: string;
}

/** The clients that call through ddbridge (every column after the anchors). */
export const BRIDGE_CLIENTS = CLIENTS.slice(3) as Exclude<ClientName, "direct" | AnchorName>[];

type InProcess = Exclude<ClientName, "Connect-Web (Chromium)" | ExternalName | AnchorName>;
type ExternalName = "Go grpc-go" | "Python grpcio";

/** The Go and Python load programs (examples/*-client), where built: argv before their flags. */
export type ExternalClients = Partial<Record<ExternalName, string[]>>;

const run = promisify(execFile);

/** Runs a load program for one cell: it keeps `concurrency` calls in flight itself. */
async function loadExternal(
  argv: string[],
  url: string,
  token: string,
  size: number,
  concurrency: number,
  seconds: number,
): Promise<LoadResult> {
  const addr = url.replace("http://", "");
  const args = [...argv.slice(1), "--addr", addr, "--path", `/large?bytes=${size}`];
  args.push("-c", String(concurrency), "-s", String(seconds));
  const { stdout } = await run(argv[0]!, args, {
    env: { ...process.env, DDBRIDGE_TOKEN: token },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout) as LoadResult;
}

/**
 * One GET of `/large?bytes=SIZE` through each client: direct, through an
 * anchor (the same undici client over TCP), or through the bridge.
 */
function callers(
  socketPath: string,
  url: string,
  token: string,
  page: Page | undefined,
  anchors: Partial<Record<AnchorName, string>>,
) {
  const path = (size: number) => `/large?bytes=${size}`;
  const pool = new Pool("http://localhost", { socketPath, connections: 64 });
  const anchorPools = Object.fromEntries(
    Object.entries(anchors).map(([name, at]) => [name, new Pool(at, { connections: 64 })]),
  ) as Partial<Record<AnchorName, Pool>>;
  const get = async (p: Pool, size: number) => {
    const r = await p.request({ method: "GET", path: path(size) });
    await r.body.arrayBuffer();
  };
  // The default: @ddbridge/client's own gRPC transport.
  const ddbridge = createClient(HttpService, createNodeTransport({ url, token }));
  const connectGrpc = createClient(
    HttpService,
    createNodeTransport({ url, token, protocol: "grpc", grpcClient: "connect-node" }),
  );
  const connectConnect = createClient(
    HttpService,
    createNodeTransport({ url, token, protocol: "connect" }),
  );
  const grpcJs = new stubs.HttpServiceClient(
    url.replace("http://", ""),
    grpc.credentials.createInsecure(),
    {
      interceptors: [stubs.bearerTokenInterceptor(token)],
      "grpc.max_receive_message_length": -1,
    },
  );
  const calls: Record<InProcess, (size: number) => Promise<unknown>> = {
    direct: (size) => get(pool, size),
    "grpc-js": (size) =>
      new Promise((resolve, reject) =>
        grpcJs.call(
          { method: "GET", path: path(size), headers: [], body: Buffer.alloc(0) },
          (err, res) => (err ? reject(err) : resolve(res)),
        ),
      ),
    "@ddbridge/client": (size) => ddbridge.call({ path: path(size) }),
    "connect-node gRPC": (size) => connectGrpc.call({ path: path(size) }),
    "connect-node Connect": (size) => connectConnect.call({ path: path(size) }),
  };
  return {
    calls,
    anchorPools,
    get,
    page,
    async close() {
      await pool.close();
      for (const p of Object.values(anchorPools)) await p.close();
      grpcJs.close();
    },
  };
}

/**
 * Load inside Chromium: the page's own workers call ddClient's vm.service.get.
 * The loop mirrors `load()` from measure.ts because this function is
 * serialized into the page and cannot import it.
 */
async function loadInPage(
  page: Page,
  size: number,
  concurrency: number,
  seconds: number,
): Promise<LoadResult> {
  return page.evaluate(
    async ([p, c, s]) => {
      const dd = (window as any).ddClient;
      const call = () => dd.extension.vm.service.get(p);
      const warm = Date.now() + Math.min(300, s * 200);
      await Promise.all(
        Array.from({ length: c }, async () => {
          while (Date.now() < warm) await call();
        }),
      );
      const times: number[] = [];
      const start = performance.now();
      const end = start + s * 1000;
      await Promise.all(
        Array.from({ length: c }, async () => {
          while (performance.now() < end) {
            const t = performance.now();
            await call();
            times.push(performance.now() - t);
          }
        }),
      );
      const elapsed = (performance.now() - start) / 1000;
      times.sort((a, b) => a - b);
      const pct = (q: number) =>
        times[Math.min(times.length - 1, Math.floor((q / 100) * times.length))]!;
      return {
        requests: times.length,
        seconds: elapsed,
        rps: times.length / elapsed,
        p50: pct(50),
        p99: pct(99),
      };
    },
    [`/large?bytes=${size}`, concurrency, seconds] as const,
  );
}

/** p50s in ms of the two paths {@link webFloorInPage} takes in turns. */
export interface WebFloor {
  calls: number;
  staticP50: number;
  connectWebP50: number;
}

/**
 * Chromium's own `fetch` of a static file from the daemon and the shim's
 * `vm.service.get` of 100 B, one at a time, taking turns call by call (so a
 * drift of the machine weighs on both): the floor under Connect-Web's
 * latency (the same browser, origin and connection) and Connect-Web on it.
 */
export async function webFloorInPage(
  page: Page,
  staticPath: string,
  seconds: number,
): Promise<WebFloor> {
  return page.evaluate(
    async ([p, s]) => {
      const dd = (window as any).ddClient;
      const fetchStatic = async () => {
        const res = await fetch(p, { cache: "no-store" });
        await res.arrayBuffer();
      };
      const call = () => dd.extension.vm.service.get("/large?bytes=100");
      const warm = Date.now() + Math.min(300, s * 200);
      while (Date.now() < warm) {
        await fetchStatic();
        await call();
      }
      const a: number[] = [];
      const b: number[] = [];
      const end = performance.now() + s * 1000;
      while (performance.now() < end) {
        let t = performance.now();
        await fetchStatic();
        a.push(performance.now() - t);
        t = performance.now();
        await call();
        b.push(performance.now() - t);
      }
      const p50 = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      return { calls: a.length, staticP50: p50(a), connectWebP50: p50(b) };
    },
    [staticPath, seconds] as const,
  );
}

/** Runs every (size, concurrency, client) cell for `seconds` each. */
export async function runHttpMatrix(opts: {
  socketPath: string;
  url: string;
  token: string;
  page: Page | undefined;
  seconds: number;
  external: ExternalClients;
  /** The one-hop anchors' URLs (anchors.ts); a missing one is left out. */
  anchors: Partial<Record<AnchorName, string>>;
  onCell?: (cell: MatrixCell) => void;
}): Promise<MatrixCell[]> {
  const c = callers(opts.socketPath, opts.url, opts.token, opts.page, opts.anchors);
  const cells: MatrixCell[] = [];
  try {
    for (const size of SIZES) {
      for (const concurrency of CONCURRENCY) {
        for (const client of CLIENTS) {
          let run: () => Promise<LoadResult>;
          if (client === "Connect-Web (Chromium)") {
            const page = opts.page;
            if (!page) continue;
            run = () => loadInPage(page, size, concurrency, opts.seconds);
          } else if (client === "nginx" || client === "Node proxy") {
            const anchor = c.anchorPools[client];
            if (!anchor) continue;
            run = () => load(() => c.get(anchor, size), concurrency, opts.seconds);
          } else if (client === "Go grpc-go" || client === "Python grpcio") {
            const argv = opts.external[client];
            if (!argv) continue;
            run = () => loadExternal(argv, opts.url, opts.token, size, concurrency, opts.seconds);
          } else {
            const call = c.calls[client];
            run = () => load(() => call(size), concurrency, opts.seconds);
          }
          const cell: MatrixCell = await run().then(
            (result) => ({ size, concurrency, client, result }),
            (err: unknown) => ({
              size,
              concurrency,
              client,
              result: {
                requests: 0,
                seconds: 0,
                rps: Number.NaN,
                p50: Number.NaN,
                p99: Number.NaN,
              },
              failed: String(err).split("\n")[0]!.slice(0, 200),
            }),
          );
          cells.push(cell);
          opts.onCell?.(cell);
        }
      }
    }
  } finally {
    await c.close();
  }
  return cells;
}
