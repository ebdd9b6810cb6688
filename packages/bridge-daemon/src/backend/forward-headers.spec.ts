import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { requestHeaders, responseHeaders } from "./forward-headers.js";

describe("requestHeaders", () => {
  it("keeps multi-valued headers in order and lower-cases names", () => {
    assert.deepEqual(
      requestHeaders([
        { name: "X-A", value: "1" },
        { name: "x-a", value: "2" },
        { name: "Accept", value: "text/plain" },
      ]),
      { "x-a": ["1", "2"], accept: ["text/plain"] },
    );
  });

  it("drops hop-by-hop headers, those Connection names, Host and Content-Length", () => {
    assert.deepEqual(
      requestHeaders([
        { name: "Connection", value: "keep-alive, X-Private" },
        { name: "X-Private", value: "secret" },
        { name: "Transfer-Encoding", value: "chunked" },
        { name: "Upgrade", value: "websocket" },
        { name: "Host", value: "evil.example" },
        { name: "Content-Length", value: "999" },
        { name: "Proxy-Authorization", value: "x" },
        { name: "X-Kept", value: "yes" },
      ]),
      { "x-kept": ["yes"] },
    );
  });
});

describe("responseHeaders", () => {
  it("flattens arrays and removes hop-by-hop headers", () => {
    assert.deepEqual(
      responseHeaders({
        "set-cookie": ["a=1", "b=2"],
        "content-type": "text/plain",
        "transfer-encoding": "chunked",
        connection: "keep-alive",
        "keep-alive": "timeout=5",
      }),
      [
        { name: "set-cookie", value: "a=1" },
        { name: "set-cookie", value: "b=2" },
        { name: "content-type", value: "text/plain" },
      ],
    );
  });
});
