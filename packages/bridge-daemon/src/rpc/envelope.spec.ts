import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Code, ConnectError } from "@connectrpc/connect";
import { envelope, envelopePrefix, singleMessage } from "./envelope.js";

describe("envelope", () => {
  it("frames a message: flags, big-endian length, bytes", () => {
    assert.deepEqual([...envelope(2, new Uint8Array([9, 8]))], [2, 0, 0, 0, 2, 9, 8]);
    assert.deepEqual([...envelopePrefix(0, 300)], [0, 0, 0, 1, 44]);
  });

  it("takes exactly one uncompressed message", () => {
    assert.deepEqual([...singleMessage(envelope(0, new Uint8Array([1, 2, 3])))], [1, 2, 3]);
    assert.deepEqual([...singleMessage(envelope(0, new Uint8Array(0)))], []);
    const codeOf = (body: Buffer) => {
      try {
        singleMessage(body);
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
});
