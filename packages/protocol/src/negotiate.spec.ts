import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { framingOf } from "./framing.js";
import { negotiate } from "./negotiate.js";

describe("negotiate", () => {
  it("reads protocol and codec from the content type", () => {
    const cases: Array<[string, boolean, string, boolean, boolean]> = [
      ["application/grpc", true, "grpc", true, false],
      ["application/grpc+proto", false, "grpc", true, false],
      ["application/grpc+json", false, "grpc", false, false],
      ["application/grpc-web", true, "grpc-web", true, false],
      ["application/grpc-web+json", false, "grpc-web", false, false],
      ["application/connect+proto", true, "connect", true, false],
      ["application/connect+json", true, "connect", false, false],
      ["application/proto", false, "connect", true, true],
      ["application/json; charset=utf-8", false, "connect", false, true],
    ];
    for (const [type, streaming, protocol, binary, bare] of cases) {
      const wire = negotiate({ "content-type": type }, streaming);
      assert.deepEqual(
        { protocol: wire?.protocol, binary: wire?.binary, bare: wire?.bare },
        { protocol, binary, bare },
        type,
      );
    }
  });

  it("parses deadlines in both forms", () => {
    assert.equal(
      negotiate({ "content-type": "application/grpc", "grpc-timeout": "2S" }, false)?.timeoutMs,
      2000,
    );
    assert.equal(
      negotiate({ "content-type": "application/proto", "connect-timeout-ms": "250" }, false)
        ?.timeoutMs,
      250,
    );
  });

  it("leaves to connect-node what the hot path does not take", () => {
    const refused: Array<[Record<string, string>, boolean]> = [
      [{ "content-type": "application/grpc", "grpc-encoding": "gzip" }, false],
      [{ "content-type": "application/proto", "content-encoding": "gzip" }, false],
      [{ "content-type": "application/connect+proto", "connect-content-encoding": "gzip" }, true],
      [{ "content-type": "application/grpc-web-text" }, false],
      [{ "content-type": "application/proto" }, true], // unary form for a streaming method
      [{ "content-type": "application/connect+proto" }, false], // and the other way round
      [{ "content-type": "application/proto", "connect-protocol-version": "2" }, false],
      [{ "content-type": "application/grpc", "grpc-timeout": "soon" }, false],
      [{ "content-type": "text/plain" }, false],
      [{}, false],
    ];
    for (const [headers, streaming] of refused) {
      assert.equal(negotiate(headers, streaming), undefined, JSON.stringify(headers));
    }
    assert.ok(
      negotiate({ "content-type": "application/grpc", "grpc-encoding": "identity" }, false),
    );
  });
});

describe("framingOf", () => {
  it("names the framing of every Content-Type a protocol has, and nothing else", () => {
    const cases: Array<[string | undefined, string | undefined]> = [
      ["application/grpc", "grpc"],
      ["Application/GRPC+json; charset=utf-8", "grpc"],
      ["application/grpc-web+proto", "grpc-web"],
      ["application/grpc-web-text", "grpc-web"],
      ["application/connect+json", "connect-stream"],
      ["application/proto", "connect-unary"],
      ["application/json; charset=utf-8", "connect-unary"],
      ["text/plain", undefined],
      ["", undefined],
      [undefined, undefined],
    ];
    for (const [type, framing] of cases) assert.equal(framingOf(type), framing, String(type));
  });
});
