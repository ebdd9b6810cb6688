import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fromBinary, toBinary, toJsonString } from "@bufbuild/protobuf";
import { CallResponseSchema } from "@ddbridge/proto";
import { callResponseOf, encodeCallResponse } from "./call-response-wire.js";

const head = {
  status: 201,
  reason: "Created",
  headers: [
    { name: "content-type", value: "application/octet-stream" },
    { name: "x-a", value: "b" },
  ],
};
const chunksOf = (sizes: number[]) =>
  sizes.map((n, k) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + k) % 251));

describe("callResponseOf and encodeCallResponse", () => {
  for (const sizes of [[], [0], [5], [100, 27], [65_536, 65_536, 3], [16_384, 1]]) {
    it(`encode what toBinary encodes: chunks of ${JSON.stringify(sizes)}`, () => {
      const chunks = chunksOf(sizes);
      const size = sizes.reduce((a, b) => a + b, 0);
      const message = callResponseOf(head, chunks, size);
      const encoded = encodeCallResponse(message);
      const joined = Array.isArray(encoded) ? Buffer.concat(encoded) : Buffer.from(encoded);
      // toBinary reads `body`, which joins the chunks: the reference encoding.
      assert.deepEqual(joined, Buffer.from(toBinary(CallResponseSchema, message)));
      const back = fromBinary(CallResponseSchema, joined);
      assert.deepEqual(Buffer.from(back.body), Buffer.concat(chunks));
      assert.equal(back.status, 201);
    });
  }

  it("sends the backend's chunks themselves, not copies", () => {
    const chunks = chunksOf([65_536, 65_536]);
    const encoded = encodeCallResponse(callResponseOf(head, chunks, 131_072)) as Uint8Array[];
    assert.equal(encoded.at(-2), chunks[0]);
    assert.equal(encoded.at(-1), chunks[1]);
  });

  it("joins the body once for a reader of `body` (JSON, connect-node)", () => {
    const message = callResponseOf(head, chunksOf([3, 4]), 7);
    assert.equal(message.body, message.body);
    assert.match(toJsonString(CallResponseSchema, message), /"body":"[A-Za-z0-9+/=]+"/);
  });

  it("encodes a body set afterwards, not the backend's", () => {
    const message = callResponseOf(head, chunksOf([3, 4]), 7);
    message.body = new Uint8Array([9]);
    const encoded = encodeCallResponse(message);
    assert.deepEqual(
      fromBinary(CallResponseSchema, encoded as Uint8Array).body,
      new Uint8Array([9]),
    );
  });
});
