import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { requestFields, responseFields } from "./rpc-fields.js";

describe("requestFields", () => {
  it("names the backend request without its query, and a command without its arguments", () => {
    assert.deepEqual(
      requestFields({ method: "POST", path: "/items?token=secret", body: new Uint8Array() }),
      {
        request: "POST /items",
      },
    );
    assert.deepEqual(requestFields({ method: "", path: "/hello" }), { request: "GET /hello" });
    assert.deepEqual(requestFields({ command: "kubectl", args: ["--token", "secret"] }), {
      command: "kubectl",
    });
    assert.deepEqual(requestFields({ service: "grpc.health" }), {});
    assert.deepEqual(requestFields(undefined), {});
  });
});

describe("responseFields", () => {
  it("reads a status, a stream's head, and an exec's close", () => {
    assert.deepEqual(responseFields({ status: 404, reason: "Not Found" }), { status: 404 });
    assert.deepEqual(responseFields({ part: { case: "head", value: { status: 500 } } }), {
      status: 500,
    });
    assert.deepEqual(responseFields({ part: { case: "body", value: new Uint8Array() } }), {});
    assert.deepEqual(
      responseFields({ event: { case: "close", value: { exitCode: 3, signal: "" } } }),
      {
        exitCode: 3,
      },
    );
    assert.deepEqual(
      responseFields({ event: { case: "close", value: { exitCode: 0, signal: "SIGTERM" } } }),
      {
        signal: "SIGTERM",
      },
    );
    assert.deepEqual(responseFields({ event: { case: "output", value: {} } }), {});
  });
});
