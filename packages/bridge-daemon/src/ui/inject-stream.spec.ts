import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { createShimInjector, decoderFor } from "./inject-stream.js";
import { SHIM_PATH } from "./shim-script.js";

const tag = `<script src="${SHIM_PATH}"></script>`;
const through = async (chunks: Buffer[], windowBytes?: number) =>
  buffer(Readable.from(chunks).pipe(createShimInjector(windowBytes)));

describe("createShimInjector", () => {
  it("finds a <head> split across chunks and keeps every byte of a latin1 page", async () => {
    const out = await through([
      Buffer.from("<!doctype html><he"),
      Buffer.from('ad lang="fr">'),
      Buffer.from([0x63, 0x61, 0x66, 0xe9]), // "café" in latin1
      Buffer.from("</head>"),
    ]);
    assert.deepEqual(
      out,
      Buffer.concat([
        Buffer.from(`<!doctype html><head lang="fr">${tag}`),
        Buffer.from([0x63, 0x61, 0x66, 0xe9]),
        Buffer.from("</head>"),
      ]),
    );
  });

  it("stops holding back after its window, and handles a page without <head>", async () => {
    const out = await through(
      [Buffer.from("<!DOCTYPE html>"), Buffer.alloc(20, 0x61), Buffer.from("<head>")],
      16,
    );
    assert.equal(out.toString("latin1"), `<!DOCTYPE html>${tag}${"a".repeat(20)}<head>`);
    assert.equal((await through([Buffer.from("<p>x</p>")])).toString(), `${tag}<p>x</p>`);
    assert.equal((await through([])).toString(), tag);
  });
});

describe("decoderFor", () => {
  it("decodes gzip, and says which encodings it cannot read", async () => {
    const gz = decoderFor("gzip");
    assert.ok(gz);
    assert.equal(
      (await buffer(Readable.from([gzipSync("<p>hi</p>")]).pipe(gz))).toString(),
      "<p>hi</p>",
    );
    assert.equal(decoderFor(undefined), null);
    assert.equal(decoderFor("identity"), null);
    assert.equal(decoderFor("zstd"), undefined);
  });
});
