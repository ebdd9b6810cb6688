// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose syntax under test
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Interpolation, interpolate } from "./compose-interpolate.js";

describe("interpolate", () => {
  it("handles $$, bare names, defaults and alternatives as the compose specification says", () => {
    const env = { A: "1", E: "" };
    assert.equal(
      interpolate("$$A ${A} $A ${B:-d} ${E:-d} ${E-d} ${B-x} ${B}", env),
      "$A 1 1 d d  x ",
    );
    assert.equal(interpolate("${A:+set} ${E:+set} ${E+set} ${B+set}", env), "set  set ");
    assert.equal(interpolate("a $ b $1 ${A}$", env), "a $ b $1 1$");
  });

  it("nests defaults", () => {
    assert.equal(interpolate("${X:-${Y:-deep}}/${A:-${Y}}", { A: "a" }), "deep/a");
  });

  it("fails on a required variable that is missing, saying how to pass it", () => {
    assert.throws(
      () => interpolate("${KEY:?the API key}", { KEY: "" }),
      /\$\{KEY\}: the API key \(pass it with --env KEY=VALUE\)/,
    );
    assert.throws(() => interpolate("${KEY?}", {}), /KEY is required/);
    assert.equal(interpolate("${KEY?}", { KEY: "" }), "");
  });

  it("records what it read unset (and only that)", () => {
    const found: Interpolation = { unset: new Set() };
    interpolate("$SECRET ${TOKEN} ${WITH:-default} ${SET}", { SET: "x" }, found);
    assert.deepEqual([...found.unset], ["SECRET", "TOKEN"]);
  });

  it("refuses what it cannot read", () => {
    assert.throws(() => interpolate("${A", {}), /unterminated/);
    assert.throws(() => interpolate("${1A}", {}), /bad variable reference/);
  });
});
