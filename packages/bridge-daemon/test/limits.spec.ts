import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as http2 from "node:http2";
import * as net from "node:net";
import { after, before, describe, it } from "node:test";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { Exec, ExtensionService, HttpService, Target } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import { Health } from "@ddbridge/proto/health";
import {
  type DaemonProcess,
  extensionDir,
  HOST_BIN,
  spawnDaemon,
  startBridge,
  type TempDir,
  type TestBridge,
  TOKEN,
} from "@ddbridge/testing";

const linux = process.platform === "linux";

/** VmRSS of a process, in MiB. */
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m![1]) / 1024;
}

/** Resolves when the peer closes `socket` (what it sends is read and dropped), or with "open" after `ms`. */
function closedWithin(socket: net.Socket | http2.ClientHttp2Session, ms: number) {
  if (socket instanceof net.Socket) socket.resume();
  return new Promise<"closed" | "open">((resolve) => {
    const timer = setTimeout(() => resolve("open"), ms);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve("closed");
    });
  });
}

function connect(url: string): Promise<net.Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), hostname, () => resolve(s));
    s.once("error", reject);
  });
}

async function spawnServe(ext: TempDir, options: { openFiles?: number } = {}) {
  return spawnDaemon(
    ["--extension", ext.dir, "--listen", "127.0.0.1:0", "--host-bin", HOST_BIN],
    { DDBRIDGE_TOKEN: TOKEN },
    options,
  );
}

describe("connections without a token hold nothing for long", () => {
  let bridge: TestBridge;
  before(async () => {
    bridge = await startBridge({
      limits: { firstBytesMs: 300, headersMs: 300, idleMs: 600, maxConnections: 6 },
    });
  });
  after(() => bridge.close());

  it("closes a connection that sends nothing, or not the whole headers, in time", async () => {
    const silent = await connect(bridge.url);
    const partial = await connect(bridge.url);
    partial.write("POST /ddbridge.v1.Exec/Run HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    assert.equal(await closedWithin(silent, 3000), "closed");
    assert.equal(await closedWithin(partial, 3000), "closed");
  });

  it("closes an idle HTTP/1.1 keep-alive connection and an HTTP/2 session with no stream", async () => {
    const keepAlive = await connect(bridge.url);
    keepAlive.write("GET /grpc.health.v1.Health/Check HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const session = http2.connect(bridge.url);
    session.on("error", () => {});
    const [h1, h2] = await Promise.all([
      closedWithin(keepAlive, 4000),
      closedWithin(session, 4000),
    ]);
    assert.equal(h1, "closed");
    assert.equal(h2, "closed");
  });

  it("keeps an HTTP/2 session with a quiet stream open: it is not idle", async () => {
    const session = http2.connect(bridge.url);
    session.on("error", () => {});
    const exec = createClient(Exec, createNodeTransport({ url: bridge.url, token: TOKEN }));
    const abort = new AbortController();
    const outputs: string[] = [];
    const run = (async () => {
      for await (const r of exec.run(
        { target: Target.HOST, command: "sleeper" },
        { signal: abort.signal },
      )) {
        if (r.event.case === "output") outputs.push(Buffer.from(r.event.value.data).toString());
      }
    })();
    const code = run.then(
      () => "ok" as const,
      (e) => ConnectError.from(e).code,
    );
    // Three idle periods with no frame on the exec stream: it stays open.
    assert.equal(
      await Promise.race([code, new Promise((r) => setTimeout(r, 2000, "open"))]),
      "open",
    );
    assert.equal(outputs.length, 1);
    abort.abort();
    assert.equal(await code, Code.Canceled);
    session.close();
  });

  it("checks the token on the headers: a stream without one is refused before its body", async () => {
    const session = http2.connect(bridge.url);
    session.on("error", () => {});
    try {
      const stream = session.request(
        { ":method": "POST", ":path": "/ddbridge.v1.Exec/Run", "content-type": "application/grpc" },
        { endStream: false }, // the body never comes
      );
      const trailers = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
        stream.once("trailers", resolve);
        stream.once("error", reject);
        stream.resume();
        setTimeout(() => reject(new Error("no answer before the body")), 2000).unref();
      });
      assert.equal(trailers["grpc-status"], String(Code.Unauthenticated));
      assert.match(String(trailers["grpc-message"]), /missing bearer token/);
    } finally {
      session.close();
    }
    const h1 = await connect(bridge.url);
    let answer = "";
    h1.on("data", (d: Buffer) => {
      answer += d.toString();
    });
    h1.write(
      "POST /ddbridge.v1.ExtensionService/GetInfo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer wrong\r\nContent-Length: 100\r\n\r\n",
    );
    await new Promise((r) => setTimeout(r, 200));
    h1.destroy();
    assert.match(answer, /^HTTP\/1\.1 401/);
    assert.match(answer, /"code":"unauthenticated","message":"invalid bearer token"/);
  });

  it("allows 100 to 250 concurrent streams per HTTP/2 session", async () => {
    const session = http2.connect(bridge.url);
    session.on("error", () => {});
    await new Promise((r) => session.once("remoteSettings", r));
    const max = session.remoteSettings.maxConcurrentStreams!;
    session.close();
    assert.ok(max >= 100 && max <= 250, `maxConcurrentStreams ${max}`);
  });

  it("at the connection cap, refuses a newcomer at once and keeps serving busy connections", async () => {
    const abort = new AbortController();
    const clients = Array.from({ length: 6 }, () =>
      createClient(Exec, createNodeTransport({ url: bridge.url, token: TOKEN })),
    );
    let started = 0;
    const runs = clients.map(async (exec) => {
      const got: string[] = [];
      try {
        for await (const r of exec.run(
          { target: Target.HOST, command: "sleeper" },
          { signal: abort.signal },
        )) {
          if (r.event.case === "output") {
            started++;
            got.push("output");
          }
        }
      } catch (e) {
        got.push(Code[ConnectError.from(e).code]);
      }
      return got;
    });
    while (started < 6) await new Promise((r) => setTimeout(r, 20));
    const extra = await connect(bridge.url);
    const t = Date.now();
    assert.equal(await closedWithin(extra, 1000), "closed");
    assert.ok(Date.now() - t < 500, "refused at once, not by a timer");
    abort.abort();
    for (const got of await Promise.all(runs)) assert.deepEqual(got, ["output", "Canceled"]);
  });
});

describe("unauthenticated floods, in a daemon process", { skip: !linux }, () => {
  let ext: TempDir;
  before(async () => {
    ext = await extensionDir({ name: "limits-test" });
  });
  after(() => ext.remove());

  it("12 HTTP/2 sessions of 4,000 streams without a token or body: RSS < 250 MiB, health < 1 s", async (t) => {
    const daemon = await spawnServe(ext);
    daemon.child.stderr!.resume();
    const health = createClient(Health, createNodeTransport({ url: daemon.url, token: TOKEN }));
    const sessions: http2.ClientHttp2Session[] = [];
    let peakRss = rssMiB(daemon.child.pid!);
    let slowest = 0;
    let attacking = true;
    const probe = (async () => {
      while (attacking) {
        const t = performance.now();
        await health.check({}, { timeoutMs: 5000 });
        slowest = Math.max(slowest, performance.now() - t);
        peakRss = Math.max(peakRss, rssMiB(daemon.child.pid!));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    try {
      for (let s = 0; s < 12; s++) {
        const session = http2.connect(daemon.url);
        session.on("error", () => {});
        sessions.push(session);
        for (let i = 0; i < 4000; i++) {
          // Lets the probe (same event loop) run: it measures the daemon, not this loop.
          if (i % 200 === 0) await new Promise((r) => setImmediate(r));
          const path = i % 2 ? "/ddbridge.v1.Exec/Run" : "/grpc.health.v1.Health/Check";
          const stream = session.request(
            { ":method": "POST", ":path": path, "content-type": "application/grpc" },
            { endStream: false },
          );
          stream.on("error", () => {});
          stream.resume();
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      await new Promise((r) => setTimeout(r, 3000));
    } finally {
      attacking = false;
      await probe.catch((e) => assert.fail(`health check failed under attack: ${e}`));
      for (const s of sessions) s.destroy();
      daemon.child.kill("SIGTERM");
      await daemon.exit;
    }
    t.diagnostic(`peak RSS ${peakRss.toFixed(0)} MiB, slowest health ${slowest.toFixed(0)} ms`);
    assert.ok(peakRss < 250, `peak RSS ${peakRss.toFixed(0)} MiB`);
    assert.ok(slowest < 1000, `slowest health check ${slowest.toFixed(0)} ms`);
  });

  it("2,000 silent sockets under ulimit -n 1024: an authenticated client still gets answers", async () => {
    const daemon: DaemonProcess = await spawnServe(ext, { openFiles: 1024 });
    daemon.child.stderr!.resume();
    const sockets: net.Socket[] = [];
    let closedByDaemon = 0;
    try {
      for (let i = 0; i < 2000; i++) {
        const s = await connect(daemon.url).catch(() => undefined);
        if (!s) continue;
        s.on("error", () => {});
        s.once("close", () => closedByDaemon++);
        sockets.push(s);
      }
      for (const kind of ["connect", "grpc", "connect", "grpc"] as const) {
        const transport = createNodeTransport({
          url: daemon.url,
          token: TOKEN,
          protocol: kind,
          ...(kind === "connect" ? { httpVersion: "1.1" as const } : {}),
        });
        const t = performance.now();
        const info = await createClient(ExtensionService, transport).getInfo(
          {},
          { timeoutMs: 5000 },
        );
        assert.equal(info.name, "limits-test");
        const ms = performance.now() - t;
        assert.ok(ms < 2000, `${kind} answered in ${ms.toFixed(0)} ms`);
      }
      const http = createClient(
        HttpService,
        createNodeTransport({ url: daemon.url, token: TOKEN }),
      );
      await assert.rejects(
        http.call({ method: "GET", path: "/" }),
        /no backend|not available|FailedPrecondition|failed_precondition/i,
      );
      assert.ok(closedByDaemon >= 2000 - 1024, `${closedByDaemon} closed by the daemon`);
      assert.equal(daemon.child.exitCode, null, "the daemon is still up");
    } finally {
      for (const s of sockets) s.destroy();
      daemon.child.kill("SIGTERM");
      await daemon.exit;
    }
  });
});

describe("shutdown", () => {
  it("lets a unary call in flight finish, while running commands end at once", async () => {
    const b = await startBridge();
    const http = createClient(HttpService, b.transport());
    const exec = createClient(Exec, b.transport());
    let execEnd = 0;
    let started!: () => void;
    const running = new Promise<void>((r) => {
      started = r;
    });
    const run = (async () => {
      try {
        for await (const r of exec.run({ target: Target.HOST, command: "sleeper" })) {
          if (r.event.case === "output") started();
        }
        return "ok" as const;
      } catch (e) {
        return ConnectError.from(e).code;
      } finally {
        execEnd = Date.now();
      }
    })();
    await running;
    const call = http.call({ method: "GET", path: "/slow?ms=1500" });
    await new Promise((r) => setTimeout(r, 200));
    const closing = b.close();
    const res = await call;
    const callEnd = Date.now();
    assert.equal(res.status, 200);
    assert.equal(Buffer.from(res.body).toString(), "slow");
    assert.equal(await run, Code.Unavailable);
    assert.ok(execEnd < callEnd, "the command ended before the call finished");
    await closing;
  });
});

describe("deadlines longer than a Node timer can wait", () => {
  for (const fastPath of [true, false]) {
    it(`are no deadline, not an instant DEADLINE_EXCEEDED (${fastPath ? "hot path" : "connect-node"})`, async () => {
      const bridge = await startBridge({ fastPath });
      try {
        // A call that takes a while (the timer Node clamps fires after 1 ms).
        const path = "/ddbridge.v1.HttpService/Call";
        for (const timeout of ["2147483648", "9999999999"]) {
          const res = await fetch(new URL(path, bridge.url), {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "connect-protocol-version": "1",
              "connect-timeout-ms": timeout,
              authorization: `Bearer ${TOKEN}`,
            },
            body: JSON.stringify({ method: "GET", path: "/slow?ms=50" }),
          });
          assert.equal(
            res.status,
            200,
            `connect-timeout-ms ${timeout}: ${await res.clone().text()}`,
          );
          await res.arrayBuffer();
        }
        const session = http2.connect(bridge.url);
        try {
          const status = await new Promise<string | undefined>((resolve, reject) => {
            const stream = session.request({
              ":method": "POST",
              ":path": path,
              "content-type": "application/grpc+proto",
              te: "trailers",
              "grpc-timeout": "99999999H",
              authorization: `Bearer ${TOKEN}`,
            });
            let headerStatus: string | undefined;
            stream.on("response", (h) => {
              headerStatus = h["grpc-status"] as string | undefined;
            });
            stream.on("trailers", (t) => resolve(t["grpc-status"] as string));
            stream.on("end", () => resolve(headerStatus));
            stream.on("error", reject);
            stream.resume();
            // CallRequest { method: "GET", path: "/slow?ms=50" } in protobuf, in one envelope.
            const message = Buffer.concat([
              Buffer.from([0x0a, 3]),
              Buffer.from("GET"),
              Buffer.from([0x12, 11]),
              Buffer.from("/slow?ms=50"),
            ]);
            const envelope = Buffer.alloc(5);
            envelope.writeUInt32BE(message.length, 1);
            stream.end(Buffer.concat([envelope, message]));
          });
          assert.equal(status, "0");
        } finally {
          session.close();
        }
      } finally {
        await bridge.close();
      }
    });
  }
});
