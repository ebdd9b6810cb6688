import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeBody } from "./decode-body.js";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("decodeBody", () => {
  it("parses JSON text, returns other text as is, empty as ''", () => {
    assert.deepEqual(decodeBody(bytes('{"a":[1]}'), "application/json"), { a: [1] });
    assert.equal(decodeBody(bytes("42"), "text/plain"), 42);
    assert.equal(decodeBody(bytes("plain text"), "text/plain"), "plain text");
    assert.equal(decodeBody(bytes(""), "application/json"), "");
    assert.equal(decodeBody(bytes("héllo"), undefined), "héllo");
  });

  it("returns binary bodies as bytes: by content type, or when not UTF-8", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    assert.equal(decodeBody(png, "image/png"), png);
    const ascii = bytes("abc");
    assert.equal(decodeBody(ascii, "application/octet-stream"), ascii);
    const invalid = new Uint8Array([0xc3, 0x28]);
    assert.equal(decodeBody(invalid, "text/plain"), invalid);
  });
});
