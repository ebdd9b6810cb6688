import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, toBinary } from "@bufbuild/protobuf";
import { OutputStream, RunResponseSchema } from "@ddbridge/proto";
import { encodeRunResponse } from "./exec-wire.js";

describe("encodeRunResponse", () => {
  const output = (stream: OutputStream, size: number) =>
    create(RunResponseSchema, {
      event: { case: "output", value: { stream, data: new Uint8Array(size).fill(7) } },
    });

  for (const size of [0, 1, 127, 128, 16_383, 16_384, 65_536, 2_097_152]) {
    for (const stream of [OutputStream.STDOUT, OutputStream.STDERR, OutputStream.UNSPECIFIED]) {
      it(`writes what toBinary writes: ${size} bytes of stream ${stream}`, () => {
        const message = output(stream, size);
        const encoded = encodeRunResponse(message);
        const joined = Array.isArray(encoded) ? Buffer.concat(encoded) : Buffer.from(encoded);
        assert.deepEqual(joined, Buffer.from(toBinary(RunResponseSchema, message)));
        // Large data is not copied: the last part is the message's own bytes.
        if (size >= 16 * 1024)
          assert.equal(
            (encoded as Uint8Array[])[1],
            (message.event.value as { data: Uint8Array }).data,
          );
      });
    }
  }

  it("encodes Close with protobuf-es", () => {
    const message = create(RunResponseSchema, {
      event: { case: "close", value: { exitCode: -3, signal: "SIGTERM" } },
    });
    assert.deepEqual(encodeRunResponse(message), toBinary(RunResponseSchema, message));
  });
});
