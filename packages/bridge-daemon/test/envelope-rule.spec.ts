import assert from "node:assert/strict";
import * as http2 from "node:http2";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { create, toBinary } from "@bufbuild/protobuf";
import { CallRequestSchema, RunRequestSchema, Target } from "@ddbridge/client";
import { startBridge, type TestBridge, TOKEN } from "@ddbridge/testing";

/** The daemons' --max-body; a message may be 64 KiB larger (room for headers and framing). */
const MAX_BODY = 1024 * 1024;
const READ_MAX_BYTES = MAX_BODY + 64 * 1024;

type Kind = "grpc" | "grpc-web" | "connect-stream";

interface Case {
  name: string;
  kind: Kind;
  /** The request body, envelopes included. */
  body: Buffer;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** The gRPC code both paths must answer. */
  code: number;
}

const call = toBinary(
  CallRequestSchema,
  create(CallRequestSchema, { method: "GET", path: "/hello" }),
);
const run = toBinary(
  RunRequestSchema,
  create(RunRequestSchema, { target: Target.HOST, command: "args", args: ["x"] }),
);

function frame(flags: number, data: Uint8Array, length = data.byteLength): Buffer {
  const head = Buffer.alloc(5);
  head[0] = flags;
  head.writeUInt32BE(length, 1);
  return Buffer.concat([head, data]);
}

/** The message each kind's method takes: gRPC kinds call `HttpService.Call`, Connect streaming `Exec.Run`. */
const messageOf = (kind: Kind) => (kind === "connect-stream" ? run : call);

function cases(): Case[] {
  const out: Case[] = [];
  for (const kind of ["grpc", "grpc-web", "connect-stream"] as const) {
    const m = messageOf(kind);
    out.push(
      { name: "a well-formed envelope", kind, body: frame(0, m), code: 0 },
      // Every flag bit but "compressed" is unknown in a request: refused, never ignored.
      { name: "flags 0x02 (end-stream)", kind, body: frame(0x02, m), code: 3 },
      { name: "flags 0x04", kind, body: frame(0x04, m), code: 3 },
      { name: "flags 0x80 (trailer)", kind, body: frame(0x80, m), code: 3 },
      { name: "flags 0xff", kind, body: frame(0xff, m), code: 3 },
      { name: "compressed without an encoding", kind, body: frame(0x01, m), code: 13 },
      {
        name: "compressed with gzip named",
        kind,
        body: frame(0x01, gzipSync(m)),
        headers:
          kind === "connect-stream"
            ? { "connect-content-encoding": "gzip" }
            : { "grpc-encoding": "gzip" },
        code: 0,
      },
      {
        name: "a length prefix of 0xFFFFFFFF",
        kind,
        body: frame(0, m, 0xffffffff),
        code: 8,
      },
      {
        name: "a length prefix one past the limit",
        kind,
        body: frame(0, m, READ_MAX_BYTES + 1),
        code: 8,
      },
      {
        name: "a length prefix past the body",
        kind,
        body: frame(0, m, m.byteLength + 10),
        code: 3,
      },
      { name: "an empty body", kind, body: Buffer.alloc(0), code: 12 },
      { name: "three bytes of a prefix", kind, body: Buffer.from([0, 0, 0]), code: 3 },
      {
        name: "two messages for a one-message method",
        kind,
        body: Buffer.concat([frame(0, m), frame(0, m)]),
        code: 12,
      },
      {
        name: "a second envelope with unknown flags",
        kind,
        body: Buffer.concat([frame(0, m), frame(0x80, m)]),
        code: 12,
      },
    );
  }
  return out;
}

const CONTENT_TYPES: Record<Kind, string> = {
  grpc: "application/grpc+proto",
  "grpc-web": "application/grpc-web+proto",
  "connect-stream": "application/connect+proto",
};

const PATHS: Record<Kind, string> = {
  grpc: "/ddbridge.v1.HttpService/Call",
  "grpc-web": "/ddbridge.v1.HttpService/Call",
  "connect-stream": "/ddbridge.v1.Exec/Run",
};

const CONNECT_CODES: Record<string, number> = {
  canceled: 1,
  unknown: 2,
  invalid_argument: 3,
  deadline_exceeded: 4,
  resource_exhausted: 8,
  internal: 13,
  unimplemented: 12,
  unauthenticated: 16,
};

/** Sends one case over h2c and reads the status the way a client of its protocol would. */
async function statusOf(session: http2.ClientHttp2Session, c: Case) {
  return new Promise<{ code: number; message: string }>((resolve, reject) => {
    const stream = session.request({
      ":method": "POST",
      ":path": PATHS[c.kind],
      "content-type": CONTENT_TYPES[c.kind],
      te: "trailers",
      authorization: `Bearer ${TOKEN}`,
      ...c.headers,
    });
    let header: http2.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let trailers: http2.IncomingHttpHeaders = {};
    stream.on("response", (h) => {
      header = h;
    });
    stream.on("trailers", (t) => {
      trailers = t;
    });
    stream.on("data", (d: Buffer) => chunks.push(d));
    stream.on("error", reject);
    stream.on("end", () => {
      const body = Buffer.concat(chunks);
      if (c.kind === "grpc") {
        const status = trailers["grpc-status"] ?? header["grpc-status"];
        const message = trailers["grpc-message"] ?? header["grpc-message"];
        return resolve({
          code: Number(status),
          message: decodeURIComponent(String(message ?? "")),
        });
      }
      // The last envelope: gRPC-Web's trailer frame, Connect's end-stream JSON.
      let last: Buffer | undefined;
      for (let at = 0; at + 5 <= body.byteLength; ) {
        const length = body.readUInt32BE(at + 1);
        last = body.subarray(at, at + 5 + length);
        at += 5 + length;
      }
      if (!last) return reject(new Error(`no envelope in ${body.toString("hex")}`));
      const text = last.subarray(5).toString();
      if (c.kind === "grpc-web") {
        const status = /grpc-status:\s*(\d+)/.exec(text)?.[1];
        const message = /grpc-message:\s*(.*)/.exec(text)?.[1]?.trim() ?? "";
        return resolve({ code: Number(status), message: decodeURIComponent(message) });
      }
      const end = JSON.parse(text) as { error?: { code: string; message?: string } };
      resolve({
        code: end.error ? CONNECT_CODES[end.error.code]! : 0,
        message: end.error?.message ?? "",
      });
    });
    stream.end(c.body);
  });
}

describe("one rule for request envelopes on both paths (hot path and connect-node)", () => {
  let hot: TestBridge;
  let plain: TestBridge;
  before(async () => {
    hot = await startBridge({ maxBodyBytes: MAX_BODY });
    plain = await startBridge({ fastPath: false, maxBodyBytes: MAX_BODY });
  });
  after(async () => {
    await hot?.close();
    await plain?.close();
  });

  it("answers each malformed envelope with the same code on both, and keeps serving", async () => {
    const sessions = [http2.connect(hot.url), http2.connect(plain.url)];
    try {
      const rows: string[] = [];
      for (const c of cases()) {
        const [a, b] = [await statusOf(sessions[0]!, c), await statusOf(sessions[1]!, c)];
        const label = `${c.kind}, ${c.name}`;
        if (a.code !== c.code || b.code !== c.code) {
          rows.push(
            `${label}: hot path ${a.code} (${a.message}), connect-node ${b.code} (${b.message}), want ${c.code}`,
          );
        }
      }
      assert.deepEqual(rows, []);
      for (const session of sessions) {
        const ok = await statusOf(session, cases()[0]!);
        assert.equal(ok.code, 0, "still serving after every malformed request");
      }
    } finally {
      for (const s of sessions) s.close();
    }
  });
});
