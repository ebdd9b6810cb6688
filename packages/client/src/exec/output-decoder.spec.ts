import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createOutputDecoder } from "./output-decoder.js";

function feed(split: boolean, chunks: Array<["stdout" | "stderr", number[] | string]>) {
  const got: Array<[string, string]> = [];
  const d = createOutputDecoder(split, (s, t) => got.push([s, t]));
  for (const [s, c] of chunks)
    d.write(s, typeof c === "string" ? new TextEncoder().encode(c) : new Uint8Array(c));
  d.flush();
  return got;
}

describe("createOutputDecoder", () => {
  it("joins a multi-byte character split across chunks, per stream", () => {
    const euro = [...new TextEncoder().encode("€")];
    const got = feed(false, [
      ["stdout", [euro[0]!]],
      ["stderr", "e"],
      ["stdout", [euro[1]!, euro[2]!]],
    ]);
    assert.deepEqual(got, [
      ["stderr", "e"],
      ["stdout", "€"],
    ]);
  });

  it("with splitLines emits whole lines without newlines and the last partial line at the end", () => {
    const got = feed(true, [
      ["stdout", "a\nb"],
      ["stdout", "c\r\nd"],
      ["stderr", "x\n"],
    ]);
    assert.deepEqual(got, [
      ["stdout", "a"],
      ["stdout", "bc"],
      ["stderr", "x"],
      ["stdout", "d"],
    ]);
  });

  it("keeps empty lines", () => {
    assert.deepEqual(feed(true, [["stdout", "a\n\nb\n"]]), [
      ["stdout", "a"],
      ["stdout", ""],
      ["stdout", "b"],
    ]);
  });
});
