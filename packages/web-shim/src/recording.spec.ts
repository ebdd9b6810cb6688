import assert from "node:assert/strict";
import { it } from "node:test";
import { ServiceError } from "@ddbridge/client";
import { plainError } from "./recording.js";

it("plainError keeps a rejection's fields, JSON-safe", () => {
  const exec = Object.assign(new Error("boom"), {
    cmd: "x",
    code: 127,
    stderr: "x: not found",
    lines: () => [],
  });
  assert.deepEqual(plainError(exec), {
    cmd: "x",
    code: 127,
    stderr: "x: not found",
    message: "boom",
  });
  assert.deepEqual(plainError("just text"), { message: "just text" });
  const service = plainError(new ServiceError(500, "Internal Server Error", "down"));
  assert.equal(service.statusCode, 500);
  assert.equal(typeof service.message, "string");
});
