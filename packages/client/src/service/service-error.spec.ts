import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ServiceError } from "./service-error.js";

describe("ServiceError", () => {
  it("is an Error with the ddClient fields and a stack", () => {
    const e = new ServiceError(404, "Not Found", "no such thing");
    assert.ok(e instanceof Error);
    assert.equal(e.name, "Not Found");
    assert.equal(e.message, "no such thing");
    assert.equal(e.statusCode, 404);
    assert.match(String(e.stack), /service-error\.spec/);
    assert.equal(String(e), "Not Found: no such thing");
  });
});
