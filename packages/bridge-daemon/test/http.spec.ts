import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { stat, symlink, unlink } from "node:fs/promises";
import { createServer as createHttpServer } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Client, Code, createClient } from "@connectrpc/connect";
import { HttpService } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import {
  extensionDir,
  FIXTURE_BACKEND_MAIN,
  spawnDaemon,
  startBridge,
  startFixtureBackend,
  type TestBridge,
  TOKEN,
  TRANSPORT_KINDS,
  tempDir,
} from "@ddbridge/testing";
import { codeOf } from "./exec-contract.js";

const MiB = 1024 * 1024;

function checkPattern(bytes: Uint8Array) {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== i % 251) assert.fail(`byte ${i} is ${bytes[i]}, expected ${i % 251}`);
  }
}

/** Starts the fixture backend on `socketPath`: the same client now gets 200, no daemon restart. */
async function answersOnceBackendIsUp(http: Client<typeof HttpService>, socketPath: string) {
  const backend = await startFixtureBackend(socketPath);
  try {
    assert.equal((await http.call({ path: "/hello" })).status, 200);
  } finally {
    await new Promise((r) => backend.close(r));
  }
}

describe("HttpService", () => {
  let bridge: TestBridge;
  before(async () => {
    bridge = await startBridge();
  });
  after(() => bridge.close());

  for (const kind of TRANSPORT_KINDS) {
    it(`forwards unary and streamed calls over ${kind}`, async () => {
      const http = createClient(HttpService, bridge.transport(kind));
      const res = await http.call({ path: "/hello" });
      assert.equal(res.status, 200);
      assert.equal(res.reason, "OK");
      assert.deepEqual(JSON.parse(Buffer.from(res.body).toString()), {
        message: "hello from the backend",
      });
      let size = 0;
      const chunks: Uint8Array[] = [];
      let head = 0;
      for await (const part of http.callStream({ path: `/large?bytes=${3 * MiB + 7}` })) {
        if (part.part.case === "head") head++;
        else if (part.part.case === "body") {
          chunks.push(part.part.value);
          size += part.part.value.byteLength;
        }
      }
      assert.equal(head, 1);
      assert.equal(size, 3 * MiB + 7);
      checkPattern(Buffer.concat(chunks));
    });
  }

  it("returns binary bodies byte for byte", async () => {
    const http = createClient(HttpService, bridge.transport());
    const res = await http.call({ path: "/binary" });
    assert.deepEqual(
      [...res.body],
      Array.from({ length: 256 }, (_, i) => i),
    );
    const bytes = new Uint8Array([0, 255, 0xc3, 0x28, 10, 13]);
    const echo = await http.call({ method: "POST", path: "/echo-raw", body: bytes });
    assert.deepEqual([...echo.body], [...bytes]);
  });

  it("passes status codes and reason phrases through, not as gRPC errors", async () => {
    const http = createClient(HttpService, bridge.transport());
    for (const [status, reason] of [
      [404, "Not Found"],
      [418, "I'm a Teapot"],
      [500, "Internal Server Error"],
      [503, "Service Unavailable"],
      [201, "Created"],
    ] as const) {
      const res = await http.call({ path: `/status/${status}` });
      assert.equal(res.status, status);
      assert.equal(res.reason, reason);
      assert.equal(Buffer.from(res.body).toString(), `status ${status}`);
    }
    const empty = await http.call({ path: "/status/204" });
    assert.equal(empty.status, 204);
    assert.equal(empty.body.byteLength, 0);
    const head = await http.call({ method: "HEAD", path: "/hello" });
    assert.equal(head.status, 200);
    assert.equal(head.body.byteLength, 0);
  });

  it("sends multi-valued headers, drops hop-by-hop ones and sets Host itself", async () => {
    const http = createClient(HttpService, bridge.transport());
    const res = await http.call({
      method: "PUT",
      path: "/echo?x=1",
      headers: [
        { name: "X-Multi", value: "1" },
        { name: "X-Multi", value: "2" },
        { name: "Connection", value: "x-private" },
        { name: "X-Private", value: "secret" },
        { name: "Upgrade", value: "websocket" },
        { name: "Host", value: "evil.example" },
      ],
      body: Buffer.from("hello body"),
    });
    const echo = JSON.parse(Buffer.from(res.body).toString());
    assert.equal(echo.method, "PUT");
    assert.equal(echo.path, "/echo?x=1");
    assert.equal(echo.body, "hello body");
    assert.equal(echo.headers["x-multi"], "1, 2");
    assert.equal(echo.headers["x-private"], undefined);
    assert.equal(echo.headers.upgrade, undefined);
    assert.equal(echo.headers.host, "localhost");
    assert.equal(
      res.headers.some((h) => h.name === "connection" || h.name === "keep-alive"),
      false,
    );
  });

  it("takes a request with Expect: 100-continue (the body is already whole), unary and streamed", async () => {
    const http = createClient(HttpService, bridge.transport());
    const headers = [{ name: "Expect", value: "100-continue" }];
    const body = Buffer.from("a body the client would have waited to send");
    const res = await http.call({ method: "POST", path: "/echo", headers, body });
    assert.equal(res.status, 200);
    const echo = JSON.parse(Buffer.from(res.body).toString());
    assert.equal(echo.body, body.toString());
    assert.equal(echo.headers.expect, undefined);
    let status = 0;
    for await (const part of http.callStream({ method: "POST", path: "/echo", headers, body })) {
      if (part.part.case === "head") status = part.part.value.status;
    }
    assert.equal(status, 200);
  });

  it("refuses absolute URLs and bad paths with INVALID_ARGUMENT", async () => {
    const http = createClient(HttpService, bridge.transport());
    for (const path of ["http://example.com/", "//example.com/x", "hello", "/a b"]) {
      const r = await codeOf(http.call({ path }));
      assert.equal(r.code, Code.InvalidArgument, path);
    }
    assert.match(
      (await codeOf(http.call({ path: "http://example.com/" }))).message,
      /absolute URL/,
    );
    assert.equal(
      (await codeOf(http.call({ method: "CONNECT", path: "/" }))).code,
      Code.InvalidArgument,
    );
  });

  it("answers RESOURCE_EXHAUSTED beyond --max-body, and streams what unary cannot carry", async () => {
    const http = createClient(HttpService, bridge.transport());
    const big = await codeOf(http.call({ path: `/large?bytes=${5 * MiB}` }));
    assert.equal(big.code, Code.ResourceExhausted);
    assert.match(big.message, /CallStream/);
    const upload = await codeOf(
      http.call({ method: "POST", path: "/echo-raw", body: new Uint8Array(4 * MiB + 1) }),
    );
    assert.equal(upload.code, Code.ResourceExhausted);
    // The daemon keeps serving.
    assert.equal((await http.call({ path: "/hello" })).status, 200);
  });

  it("serves 64 concurrent 4 MiB responses on one HTTP/2 connection (no ENHANCE_YOUR_CALM)", async () => {
    const http = createClient(HttpService, bridge.transport("grpc"));
    const sizes = await Promise.all(
      Array.from({ length: 64 }, () =>
        http.call({ path: `/large?bytes=${4 * MiB}` }).then((r) => r.body.byteLength),
      ),
    );
    assert.deepEqual(new Set(sizes), new Set([4 * MiB]));
  });

  it("delivers a long-lived stream (server-sent events) as it is written", async () => {
    const http = createClient(HttpService, bridge.transport());
    const start = Date.now();
    const arrivals: number[] = [];
    let text = "";
    for await (const part of http.callStream({ path: "/events?count=3&ms=300" })) {
      arrivals.push(Date.now() - start);
      if (part.part.case === "body") text += Buffer.from(part.part.value).toString();
    }
    assert.equal(text, "data: event 1\n\ndata: event 2\n\ndata: event 3\n\n");
    // The head and first event arrive long before the stream ends.
    assert.ok(arrivals[1]! < arrivals.at(-1)! - 400, `arrivals ${arrivals}`);
  });

  it("times out a slow backend with DEADLINE_EXCEEDED", async () => {
    const slow = await startBridge({ httpTimeoutMs: 300 });
    try {
      const http = createClient(HttpService, slow.transport());
      const r = await codeOf(http.call({ path: "/slow?ms=3000" }));
      assert.equal(r.code, Code.DeadlineExceeded);
      assert.equal((await http.call({ path: "/hello" })).status, 200);
    } finally {
      await slow.close();
    }
  });
});

describe("HttpService in a daemon process, under load on one HTTP/2 session", () => {
  it("serves 64 concurrent 4 MiB responses and 2,000 calls in a row", async () => {
    const tmp = await tempDir();
    const ext = await extensionDir({});
    const socketPath = join(tmp.dir, "backend.sock");
    // The backend in a process of its own, as in use: it answers faster than one sharing this loop.
    const backend = spawn(process.execPath, ["--import", "tsx", FIXTURE_BACKEND_MAIN, socketPath], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    await once(backend.stdout!, "data");
    const daemon = await spawnDaemon(
      ["--extension", ext.dir, "--listen", "127.0.0.1:0", "--socket", socketPath],
      { DDBRIDGE_TOKEN: TOKEN },
    );
    try {
      const http = createClient(
        HttpService,
        createNodeTransport({ url: daemon.url, token: TOKEN }),
      );
      // Whole 4 MiB messages handed to nghttp2 at once passed the session's
      // 64 MiB and were reset ENHANCE_YOUR_CALM; the hot path writes them in slices.
      // 64 callers, each calling again as soon as its answer is in, for 2 s.
      const until = Date.now() + 2000;
      const sizes = new Set<number>();
      await Promise.all(
        Array.from({ length: 64 }, async () => {
          do {
            sizes.add((await http.call({ path: `/large?bytes=${4 * MiB}` })).body.byteLength);
          } while (Date.now() < until);
        }),
      );
      assert.deepEqual(sizes, new Set([4 * MiB]));
      // A client that reset every finished stream was cut off by the server's
      // reset-flood limit after ~1,000 calls.
      for (let i = 0; i < 2000; i++) {
        assert.equal((await http.call({ path: "/hello" })).status, 200);
      }
    } finally {
      daemon.child.kill("SIGTERM");
      await daemon.exit;
      backend.kill("SIGTERM");
      await ext.remove();
      await tmp.remove();
    }
  });
});

describe("HttpService without a backend", () => {
  it("answers UNAVAILABLE naming the socket, and recovers when the backend comes up", async () => {
    const bridge = await startBridge({ withBackend: false });
    try {
      const http = createClient(HttpService, bridge.transport());
      const down = await codeOf(http.call({ path: "/hello" }));
      assert.equal(down.code, Code.Unavailable);
      assert.ok(down.message.includes(bridge.socketPath), down.message);
      const streamed = await codeOf(
        (async () => {
          for await (const _ of http.callStream({ path: "/hello" }));
        })(),
      );
      assert.equal(streamed.code, Code.Unavailable);
      await answersOnceBackendIsUp(http, bridge.socketPath);
    } finally {
      await bridge.close();
    }
  });

  it("answers UNAVAILABLE when the backend died and left its socket file", async () => {
    const tmp = await tempDir();
    const socketPath = join(tmp.dir, "dead.sock");
    const child = spawn(process.execPath, [
      "-e",
      `require("node:net").createServer().listen(${JSON.stringify(socketPath)}, () => console.log("up"))`,
    ]);
    await once(child.stdout, "data");
    child.kill("SIGKILL");
    await once(child, "exit");
    assert.ok((await stat(socketPath)).isSocket(), "the dead backend's socket file is still there");
    const bridge = await startBridge({ withBackend: false, socketPath });
    try {
      const http = createClient(HttpService, bridge.transport());
      const r = await codeOf(http.call({ path: "/hello" }));
      assert.equal(r.code, Code.Unavailable);
      assert.match(r.message, /refused/);
    } finally {
      await bridge.close();
      await tmp.remove();
    }
  });

  it("refuses a backend socket replaced by a symlink to another socket (FAILED_PRECONDITION)", async () => {
    const tmp = await tempDir();
    // Another service on this host, say the Docker engine's socket.
    const other = join(tmp.dir, "other.sock");
    let reached = 0;
    const otherServer = createHttpServer((_req, res) => {
      reached++;
      res.end("the other service");
    });
    await new Promise<void>((r) => otherServer.listen(other, r));
    const socketPath = join(tmp.dir, "backend.sock");
    await symlink(other, socketPath);
    const bridge = await startBridge({ withBackend: false, socketPath });
    try {
      const http = createClient(HttpService, bridge.transport());
      for (const call of [
        () => http.call({ path: "/hello" }),
        async () => {
          for await (const _ of http.callStream({ path: "/hello" }));
        },
      ]) {
        const r = await codeOf(call());
        assert.equal(r.code, Code.FailedPrecondition, r.message);
        assert.match(r.message, /backend\.sock is a symlink/);
      }
      assert.equal(reached, 0, "nothing reached the other socket");
      // A real socket there works again, without a restart.
      await unlink(socketPath);
      await answersOnceBackendIsUp(http, socketPath);
    } finally {
      await bridge.close();
      await new Promise((r) => otherServer.close(r));
      await tmp.remove();
    }
  });

  it("answers FAILED_PRECONDITION when the extension declares no backend", async () => {
    const bridge = await startBridge({ socketPath: undefined, withBackend: false });
    try {
      const http = createClient(HttpService, bridge.transport());
      const r = await codeOf(http.call({ path: "/hello" }));
      assert.equal(r.code, Code.FailedPrecondition);
      assert.match(r.message, /vm\.exposes\.socket/);
    } finally {
      await bridge.close();
    }
  });
});
