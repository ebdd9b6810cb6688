import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeBody } from "./encode-body.js";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("encodeBody", () => {
  it("sends objects as JSON, strings as they are, bytes as bytes, nothing for null/undefined", () => {
    const obj = encodeBody({ a: 1 });
    assert.equal(text(obj.body), '{"a":1}');
    assert.equal(obj.contentType, "application/json");
    const str = encodeBody('{"already":"json"}');
    assert.equal(text(str.body), '{"already":"json"}');
    assert.equal(str.contentType, "text/plain; charset=utf-8");
    assert.equal(text(encodeBody([1, 2]).body), "[1,2]");
    assert.equal(text(encodeBody(0).body), "0");
    assert.deepEqual(encodeBody(undefined), { body: new Uint8Array(0), contentType: undefined });
    assert.deepEqual(encodeBody(null), { body: new Uint8Array(0), contentType: undefined });
    const raw = new Uint8Array([1, 2, 3]);
    assert.equal(encodeBody(raw).body, raw);
  });
});
