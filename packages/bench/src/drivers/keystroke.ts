/**
 * The keystroke round trip: one byte written to a running command's stdin,
 * until `cat` echoes it back, through each path a client can take. The far
 * end is the same `cat` process shape every time; only the path differs.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { create, fromBinary, type MessageInitShape, toBinary } from "@bufbuild/protobuf";
import { type Client, createClient } from "@connectrpc/connect";
import {
  bearerProtocol,
  EXEC_WS_PROTOCOL,
  Exec,
  messageQueue,
  type SessionRequest,
  SessionRequestSchema,
  SessionResponseSchema,
  type Target,
} from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import type { Page } from "playwright-core";
import WebSocket from "ws";

/** One request of a session, as `create` takes it. */
type SessionEvent = MessageInitShape<typeof SessionRequestSchema>["event"];

/** A running echo: `press` resolves once the byte came back. */
export interface Echo {
  press(): Promise<void>;
  close(): Promise<void>;
}

/** A byte in flight and the promise that its echo settles. */
function echoWaiter() {
  let waiting: (() => void) | undefined;
  return {
    heard() {
      const w = waiting;
      waiting = undefined;
      w?.();
    },
    next(send: () => void) {
      return new Promise<void>((resolve) => {
        waiting = resolve;
        send();
      });
    },
  };
}

/** `cat` spawned here with pipes: the direct baseline for host commands. */
export async function directEcho(command: string, args: string[] = []): Promise<Echo> {
  const child: ChildProcess = spawn(command, args, { stdio: ["pipe", "pipe", "inherit"] });
  const w = echoWaiter();
  child.stdout!.on("data", () => w.heard());
  return {
    press: () => w.next(() => child.stdin!.write("x")),
    async close() {
      child.stdin!.end();
      if (child.exitCode === null) await new Promise((r) => child.once("close", r));
    },
  };
}

/** `Exec.Session` through the generated client (gRPC or Connect over HTTP/2). */
export async function sessionEcho(
  url: string,
  token: string,
  protocol: "grpc" | "connect",
  target: Target,
  command: string,
): Promise<Echo> {
  const exec: Client<typeof Exec> = createClient(
    Exec,
    createNodeTransport({ url, token, protocol, httpVersion: "2" }),
  );
  const requests = messageQueue<SessionRequest>();
  const send = (event: SessionEvent) => requests.push(create(SessionRequestSchema, { event }));
  send({ case: "start", value: { run: { target, command } } });
  const w = echoWaiter();
  const ended = (async () => {
    for await (const res of exec.session(requests)) if (res.event.case === "output") w.heard();
  })();
  return {
    press: () => w.next(() => send({ case: "input", value: new Uint8Array([120]) })),
    async close() {
      send({ case: "endInput", value: {} });
      requests.end();
      await ended;
    },
  };
}

/** `Exec.Session` as browsers carry it, a WebSocket of protobuf frames, from Node's `ws`. */
export async function webSocketEcho(
  url: string,
  token: string,
  target: Target,
  command: string,
): Promise<Echo> {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/ddbridge/exec`, [
    EXEC_WS_PROTOCOL,
    bearerProtocol(token),
  ]);
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  const frame = (event: SessionEvent) =>
    toBinary(SessionRequestSchema, create(SessionRequestSchema, { event }));
  const w = echoWaiter();
  ws.on("message", (data) => {
    if (fromBinary(SessionResponseSchema, data as Buffer).event.case === "output") w.heard();
  });
  ws.send(frame({ case: "start", value: { run: { target, command } } }));
  return {
    press: () => w.next(() => ws.send(frame({ case: "input", value: new Uint8Array([120]) }))),
    async close() {
      const closed = new Promise((r) => ws.once("close", r));
      ws.send(frame({ case: "endInput", value: {} }));
      await closed;
    },
  };
}

/**
 * The whole browser path: the page's `ddClient.extension.host.cli.exec` with
 * `stdin`, measured inside Chromium (n presses, p50 and p99 in ms).
 */
export async function browserEcho(
  page: Page,
  command: string,
  n: number,
): Promise<{ p50: number; p99: number }> {
  // A string, not a function: the page must not see the helpers tsx adds to functions.
  return page.evaluate(`(async ({ command, n }) => {
    const dd = window.ddClient;
    let heard;
    let closed;
    const done = new Promise((r) => { closed = r; });
    const proc = dd.extension.host.cli.exec(command, [], {
      stdin: true,
      stream: { onOutput: () => heard && heard(), onClose: () => closed(), onError: () => closed() },
    });
    const press = () => new Promise((resolve) => { heard = resolve; proc.write("x"); });
    for (let i = 0; i < Math.max(10, n / 10); i++) await press();
    const times = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await press();
      times.push(performance.now() - t);
    }
    proc.end();
    await done;
    times.sort((a, b) => a - b);
    const at = (p) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
    return { p50: at(50), p99: at(99) };
  })(${JSON.stringify({ command, n })})`);
}
