import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { envelope, envelopeHeadProblem, envelopePrefix, singleMessage } from "./envelope.js";

const rule = { readMaxBytes: 100, compressed: false };

describe("envelope", () => {
  it("frames a message: flags, big-endian length, bytes", () => {
    assert.deepEqual([...envelope(2, new Uint8Array([9, 8]))], [2, 0, 0, 0, 2, 9, 8]);
    assert.deepEqual([...envelopePrefix(0, 300)], [0, 0, 0, 1, 44]);
  });

  it("takes exactly one uncompressed message", () => {
    assert.deepEqual([...singleMessage(envelope(0, new Uint8Array([1, 2, 3])), rule)], [1, 2, 3]);
    assert.deepEqual([...singleMessage(envelope(0, new Uint8Array(0)), rule)], []);
    const codeOf = (body: Buffer) => {
      try {
        singleMessage(body, rule);
        return undefined;
      } catch (err) {
        return (err as ConnectError).code;
      }
    };
    assert.equal(codeOf(Buffer.alloc(0)), Code.Unimplemented);
    assert.equal(codeOf(Buffer.from([0, 0, 0])), Code.InvalidArgument);
    assert.equal(codeOf(Buffer.from([0, 0, 0, 0, 9, 1])), Code.InvalidArgument);
    assert.equal(codeOf(Buffer.from([1, 0, 0, 0, 1, 7])), Code.Internal);
    assert.equal(
      codeOf(Buffer.concat([envelope(0, new Uint8Array([1])), envelope(0, new Uint8Array([2]))])),
      Code.Unimplemented,
    );
    assert.ok(new ConnectError("x") instanceof ConnectError);
  });

  it("refuses every flag a request never carries, compression unless named, and lengths past the limit", () => {
    const head = (flags: number, length: number) => envelopePrefix(flags, length);
    assert.equal(envelopeHeadProblem(head(0, 100), rule), undefined);
    for (const flags of [0x02, 0x04, 0x80, 0xff, 0x03]) {
      assert.equal(
        envelopeHeadProblem(head(flags, 1), rule)?.code,
        Code.InvalidArgument,
        `flags ${flags}`,
      );
    }
    assert.equal(envelopeHeadProblem(head(1, 1), rule)?.code, Code.Internal);
    assert.equal(envelopeHeadProblem(head(1, 1), { ...rule, compressed: true }), undefined);
    assert.equal(envelopeHeadProblem(head(0, 101), rule)?.code, Code.ResourceExhausted);
    assert.equal(envelopeHeadProblem(head(0, 0xffffffff), rule)?.code, Code.ResourceExhausted);
  });
});
