import assert from "node:assert/strict";
import { test } from "node:test";
import { field, jsonLines } from "./docker-json.js";

test("jsonLines reads one object per line and skips blank lines", () => {
  const rows = jsonLines('{"Name":"a","Size":1}\n\n{"Name":"<b>"}\n');
  assert.deepEqual(rows, [{ Name: "a", Size: 1 }, { Name: "<b>" }]);
  assert.equal(field(rows[0]!, "Size"), "1");
  assert.equal(field(rows[1]!, "Size"), "");
});
