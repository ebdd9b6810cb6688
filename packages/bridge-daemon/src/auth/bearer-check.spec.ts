import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bearerHeader, bearerProblem } from "./bearer-check.js";

describe("bearerProblem", () => {
  const expected = bearerHeader("t".repeat(40));

  it("accepts exactly the token", () => {
    assert.equal(bearerProblem(expected, `Bearer ${"t".repeat(40)}`), undefined);
  });

  it("says what is wrong otherwise", () => {
    assert.match(bearerProblem(expected, null)!, /missing bearer token/);
    assert.match(bearerProblem(expected, undefined)!, /missing bearer token/);
    assert.equal(bearerProblem(expected, `Bearer ${"t".repeat(39)}`), "invalid bearer token");
    assert.equal(bearerProblem(expected, `Bearer ${"u".repeat(40)}`), "invalid bearer token");
    assert.equal(bearerProblem(expected, `bearer ${"t".repeat(40)}`), "invalid bearer token");
  });
});
