import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import {
  bearerProtocol,
  EXEC_WS_PROTOCOL,
  SessionRequestSchema,
  SessionResponseSchema,
  Target,
} from "@ddbridge/client";
import { eventually, isAlive, startBridge, type TestBridge, TOKEN } from "@ddbridge/testing";
import WebSocket from "ws";

/** Opens a WebSocket and resolves once it is open, or with the HTTP status that refused it. */
function open(
  url: string,
  protocols: string[],
  headers: Record<string, string> = {},
): Promise<{ ws?: WebSocket; status?: number; body?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.once("open", () => resolve({ ws }));
    ws.once("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode, body }));
    });
    ws.once("error", reject);
  });
}

const start = (command: string, args: string[] = []) =>
  toBinary(
    SessionRequestSchema,
    create(SessionRequestSchema, {
      event: { case: "start", value: { run: { target: Target.VM, command, args } } },
    }),
  );
const input = (data: Uint8Array) =>
  toBinary(
    SessionRequestSchema,
    create(SessionRequestSchema, { event: { case: "input", value: data } }),
  );

describe("WebSockets: Exec.Session for browsers and the backend's own", () => {
  let bridge: TestBridge;
  let ws: string;
  let upgrades = 0;
  before(async () => {
    bridge = await startBridge();
    ws = bridge.url.replace("http:", "ws:");
    bridge.backend!.on("upgrade", () => upgrades++);
  });
  after(() => bridge.close());

  it("refuses a backend WebSocket without the token, or with a wrong one, before any byte reaches the backend", async () => {
    const before = upgrades;
    const none = await open(`${ws}/ddbridge/backend/ws/echo`, []);
    assert.equal(none.status, 401);
    assert.match(String(none.body), /missing bearer token/);
    const wrong = await open(`${ws}/ddbridge/backend/ws/echo`, [bearerProtocol("x".repeat(40))]);
    assert.equal(wrong.status, 401);
    const garbage = await open(`${ws}/ddbridge/backend/ws/echo`, ["base64url.bearer.ddbridge.!!"]);
    assert.equal(garbage.status, 401);
    assert.equal(upgrades, before, "the backend saw an upgrade");
  });

  it("refuses a page of another origin, and a foreign Host (DNS rebinding)", async () => {
    const before = upgrades;
    const cred = [bearerProtocol(TOKEN)];
    const origin = await open(`${ws}/ddbridge/backend/ws/echo`, cred, {
      origin: "http://evil.example",
    });
    assert.equal(origin.status, 403);
    const exec = await open(`${ws}/ddbridge/exec`, [EXEC_WS_PROTOCOL, ...cred], {
      origin: "http://evil.example",
    });
    assert.equal(exec.status, 403);
    const host = await open(`${ws}/ddbridge/backend/ws/echo`, cred, { host: "evil.example" });
    assert.ok(host.status === 403 || host.status === 421, `status ${host.status}`);
    assert.equal(upgrades, before);
  });

  it("a client that can set headers sends the token as Authorization", async () => {
    const { ws: sock } = await open(`${ws}/ddbridge/backend/ws/echo`, ["chat"], {
      authorization: `Bearer ${TOKEN}`,
    });
    assert.equal(sock!.protocol, "chat");
    const echoed = new Promise((r) => sock!.once("message", (d) => r(String(d))));
    sock!.send("round trip");
    assert.equal(await echoed, "round trip");
    const closed = new Promise((r) =>
      sock!.once("close", (code, reason) => r([code, String(reason)])),
    );
    sock!.send("close 4400 done");
    assert.deepEqual(await closed, [4400, "done"]);
  });

  it("answers 502 when the backend is down, 404 for a path that is not the backend's", async () => {
    const down = await startBridge({ withBackend: false });
    try {
      const r = await open(`${down.url.replace("http:", "ws:")}/ddbridge/backend/ws/echo`, [
        bearerProtocol(TOKEN),
      ]);
      assert.equal(r.status, 502);
      assert.match(String(r.body), /backend is not reachable/);
    } finally {
      await down.close();
    }
    const r = await open(`${ws}/ddbridge/backend/nope`, [bearerProtocol(TOKEN)]);
    assert.equal(r.status, 404);
  });

  it("Exec.Session over a WebSocket: protobuf frames in and out, close 1000 after the command's close", async () => {
    const { ws: sock } = await open(`${ws}/ddbridge/exec`, [
      EXEC_WS_PROTOCOL,
      bearerProtocol(TOKEN),
    ]);
    assert.equal(sock!.protocol, EXEC_WS_PROTOCOL);
    const out: Buffer[] = [];
    let close: unknown;
    const closed = new Promise<number>((r) => sock!.once("close", (code) => r(code)));
    sock!.on("message", (data) => {
      const res = fromBinary(SessionResponseSchema, data as Buffer);
      if (res.event.case === "output") out.push(Buffer.from(res.event.value.data));
      if (res.event.case === "close") close = res.event.value.exitCode;
    });
    sock!.send(start("cat"));
    sock!.send(input(Buffer.from("over a websocket")));
    sock!.send(
      toBinary(
        SessionRequestSchema,
        create(SessionRequestSchema, { event: { case: "endInput", value: {} } }),
      ),
    );
    assert.equal(await closed, 1000);
    assert.equal(close, 0);
    assert.equal(Buffer.concat(out).toString(), "over a websocket");
  });

  it("Exec.Session over a WebSocket: what is not a session message ends it with the error's code", async () => {
    for (const [frame, message] of [
      ["a text frame", /binary frames/],
      [Buffer.from([0xff, 0xff, 0xff]), /not a SessionRequest/],
      [input(Buffer.from("x")), /first message of a session must be start/],
    ] as const) {
      const { ws: sock } = await open(`${ws}/ddbridge/exec`, [
        EXEC_WS_PROTOCOL,
        bearerProtocol(TOKEN),
      ]);
      const texts: string[] = [];
      sock!.on("message", (d, isBinary) => {
        if (!isBinary) texts.push(String(d));
      });
      const closed = new Promise<number>((r) => sock!.once("close", (code) => r(code)));
      sock!.send(frame);
      assert.equal(await closed, 4003, String(message));
      const err = JSON.parse(texts[0]!);
      assert.equal(err.code, "invalid_argument");
      assert.match(err.message, message);
    }
  });

  it("Exec.Session over a WebSocket: a flood into a command that never reads stays with the sender; closing kills the command", async (t) => {
    const { ws: sock } = await open(`${ws}/ddbridge/exec`, [
      EXEC_WS_PROTOCOL,
      bearerProtocol(TOKEN),
    ]);
    let pid = 0;
    sock!.on("message", (data) => {
      const res = fromBinary(SessionResponseSchema, data as Buffer);
      if (res.event.case === "output") pid = Number(Buffer.from(res.event.value.data).toString());
    });
    sock!.send(start("sh", ["-c", "echo $$; exec sleep 60"]));
    await eventually(() => pid > 0);
    const chunk = Buffer.alloc(64 * 1024, 7);
    const rss = process.memoryUsage().rss;
    for (let i = 0; i < 1024; i++) sock!.send(input(chunk)); // 64 MiB offered
    await sleep(1500);
    // What left the sender: the pipe, two waiting frames and the sockets' buffers.
    const takenMiB = (64 * 1024 * 1024 - sock!.bufferedAmount) / 1024 / 1024;
    assert.ok(takenMiB < 16, `the daemon took ${takenMiB.toFixed(1)} MiB of 64`);
    const grownMiB = (process.memoryUsage().rss - rss) / 1024 / 1024;
    assert.ok(grownMiB < 160, `memory grew ${grownMiB.toFixed(1)} MiB`);
    t.diagnostic(
      `64 MiB offered: ${takenMiB.toFixed(1)} MiB taken, RSS +${grownMiB.toFixed(1)} MiB`,
    );
    sock!.terminate();
    await eventually(() => !isAlive(pid));
  });
});

describe("WebSockets: a daemon without a backend socket", () => {
  it("refuses backend WebSockets with 404 and says why", async () => {
    const bridge = await startBridge({ withBackend: false, socketPath: undefined });
    try {
      const r = await open(`${bridge.url.replace("http:", "ws:")}/ddbridge/backend/x`, [
        bearerProtocol(TOKEN),
      ]);
      assert.equal(r.status, 404);
      assert.match(String(r.body), /no backend socket/);
    } finally {
      await bridge.close();
    }
  });
});
