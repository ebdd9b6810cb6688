import assert from "node:assert/strict";
import { it } from "node:test";
import { printable } from "./terminal-text.js";

it("shows control characters as escapes: terminal sequences, C1, bidi overrides; newlines only when asked", () => {
  assert.equal(printable("a\x1b]0;owned\x07b"), "a\\x1b]0;owned\\x07b");
  assert.equal(printable("row\nforged  row"), "row\\x0aforged  row");
  assert.equal(printable("x\u009by\u202ez\u2066"), "x\\x9by\\u202ez\\u2066");
  assert.equal(
    printable("line 1\nline 2\x1b[2J", { keepNewlines: true }),
    "line 1\nline 2\\x1b[2J",
  );
  assert.equal(printable("tab\tand ünïcödé ✓"), "tab\tand ünïcödé ✓");
});
