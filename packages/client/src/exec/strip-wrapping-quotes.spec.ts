import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stripWrappingQuotes } from "./strip-wrapping-quotes.js";

describe("stripWrappingQuotes", () => {
  it("removes one pair of matching quotes around the whole argument", () => {
    assert.equal(stripWrappingQuotes('"{{json .}}"'), "{{json .}}");
    assert.equal(stripWrappingQuotes("'x'"), "x");
    assert.equal(stripWrappingQuotes(`"'x'"`), "'x'");
    assert.equal(stripWrappingQuotes('""'), "");
  });
  it("leaves everything else alone", () => {
    for (const a of ['"x', "x'", `"x'`, 'a "b" c', '"', "", "$(id)", "--format={{json .}}"]) {
      assert.equal(stripWrappingQuotes(a), a);
    }
  });
});
