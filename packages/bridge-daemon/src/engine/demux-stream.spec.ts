import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createDemuxer, type DemuxedChunk, demuxStream } from "./demux-stream.js";

function frame(type: number, payload: Uint8Array | string): Buffer {
  const body = typeof payload === "string" ? Buffer.from(payload) : Buffer.from(payload);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(body.byteLength, 4);
  return Buffer.concat([header, body]);
}

function collect(chunks: DemuxedChunk[]) {
  const by: Record<string, Buffer[]> = { stdout: [], stderr: [], system: [] };
  for (const c of chunks) by[c.stream]?.push(Buffer.from(c.data));
  return Object.fromEntries(Object.entries(by).map(([k, v]) => [k, Buffer.concat(v).toString()]));
}

describe("createDemuxer", () => {
  const raw = Buffer.concat([
    frame(1, "out one\n"),
    frame(2, "err €\n"),
    frame(1, ""),
    frame(1, "out two\n"),
    frame(3, "oci runtime error"),
  ]);

  it("splits frames at every possible chunk boundary", () => {
    for (let cut1 = 0; cut1 <= raw.byteLength; cut1++) {
      for (const cut2 of [cut1, Math.min(raw.byteLength, cut1 + 3), raw.byteLength]) {
        const d = createDemuxer();
        const out = [
          ...d.push(raw.subarray(0, cut1)),
          ...d.push(raw.subarray(cut1, cut2)),
          ...d.push(raw.subarray(cut2)),
        ];
        d.finish();
        assert.deepEqual(collect(out), {
          stdout: "out one\nout two\n",
          stderr: "err €\n",
          system: "oci runtime error",
        });
      }
    }
  });

  it("keeps the order between streams", () => {
    const d = createDemuxer();
    const out = d.push(raw);
    assert.deepEqual(
      out.map((c) => c.stream),
      ["stdout", "stderr", "stdout", "system"],
    );
  });

  it("feeds byte by byte", () => {
    const d = createDemuxer();
    const out: DemuxedChunk[] = [];
    for (const b of raw) out.push(...d.push(Uint8Array.of(b)));
    d.finish();
    assert.equal(collect(out).stdout, "out one\nout two\n");
  });

  it("streams a 64 MiB frame as it arrives, without copying", () => {
    const size = 64 * 1024 * 1024;
    const header = frame(1, "").subarray(0, 8);
    header.writeUInt32BE(size, 4);
    const d = createDemuxer();
    assert.deepEqual(d.push(header), []);
    const piece = 64 * 1024;
    let seen = 0;
    for (let i = 0; i < size / piece; i++) {
      const chunk = new Uint8Array(piece).fill(i & 0xff);
      const out = d.push(chunk);
      // One output per input, a view of the input's own memory: linear time.
      assert.equal(out.length, 1);
      assert.equal(out[0]?.data.buffer, chunk.buffer);
      seen += out[0]?.data.byteLength ?? 0;
    }
    d.finish();
    assert.equal(seen, size);
  });

  it("joins 200,000 tiny frames in one chunk into one piece per stream run", () => {
    const frames: Buffer[] = [];
    for (let i = 0; i < 200_000; i++) frames.push(frame(1, String(i % 10)));
    frames.push(frame(2, "e"));
    const d = createDemuxer();
    const out = d.push(Buffer.concat(frames));
    assert.equal(out.length, 2);
    assert.equal(out[0]?.data.byteLength, 200_000);
    assert.equal(
      Buffer.from(out[0]?.data ?? [])
        .subarray(0, 12)
        .toString(),
      "012345678901",
    );
    assert.equal(out[1]?.stream, "stderr");
  });

  it("refuses a corrupt header and a stream cut inside a frame", () => {
    assert.throws(
      () => createDemuxer().push(Buffer.from("HTTP/1.1 200 OK\r\n")),
      /bad frame header/,
    );
    const d = createDemuxer();
    d.push(frame(1, "abcdef").subarray(0, 10));
    assert.throws(() => d.finish(), /4 payload bytes missing/);
    const h = createDemuxer();
    h.push(Buffer.alloc(3, 0));
    assert.throws(() => h.finish(), /3 header bytes/);
  });
});

describe("demuxStream", () => {
  it("reads the next raw chunk only when the consumer asks", async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield frame(1, `chunk ${i}\n`);
      }
    }
    const it = demuxStream(source());
    const first = await it.next();
    assert.equal(Buffer.from((first.value as DemuxedChunk).data).toString(), "chunk 0\n");
    assert.equal(pulled, 1);
    await it.next();
    assert.equal(pulled, 2);
    await it.return(undefined);
  });

  it("fails when the source ends inside a frame", async () => {
    async function* source() {
      yield frame(2, "partial").subarray(0, 9);
    }
    await assert.rejects(async () => {
      for await (const _ of demuxStream(source()));
    }, /ended inside a frame/);
  });
});
