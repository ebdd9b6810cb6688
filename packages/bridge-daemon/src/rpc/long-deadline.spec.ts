import assert from "node:assert/strict";
import { it } from "node:test";
import { dropUnarmableDeadline } from "./long-deadline.js";

it("drops only deadlines a Node timer cannot wait for, and leaves malformed ones to the protocol code", () => {
  const h = (headers: Record<string, string>) => {
    dropUnarmableDeadline(headers);
    return headers;
  };
  assert.deepEqual(h({ "connect-timeout-ms": "2147483648" }), {});
  assert.deepEqual(h({ "grpc-timeout": "99999999H" }), {});
  assert.deepEqual(h({ "grpc-timeout": "2147483647m" }), { "grpc-timeout": "2147483647m" });
  assert.deepEqual(h({ "connect-timeout-ms": "2147483647" }), {
    "connect-timeout-ms": "2147483647",
  });
  assert.deepEqual(h({ "grpc-timeout": "10S" }), { "grpc-timeout": "10S" });
  assert.deepEqual(h({ "grpc-timeout": "soon" }), { "grpc-timeout": "soon" });
});
