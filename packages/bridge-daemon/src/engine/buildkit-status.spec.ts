import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { decodeBuildkitStatus } from "./buildkit-status.js";

/** A StatusResponse as BuildKit writes it: one vertex (with an error), one log, one status. */
function statusResponse(): string {
  const vertex = new BinaryWriter()
    .tag(1, 2)
    .string("sha256:abc")
    .tag(2, 2)
    .string("sha256:input")
    .tag(3, 2)
    .string("[2/2] RUN make")
    .tag(4, 0)
    .bool(false)
    .tag(7, 2)
    .string("exit code: 3")
    .finish();
  const log = new BinaryWriter()
    .tag(1, 2)
    .string("sha256:abc")
    .tag(3, 0)
    .int64(1)
    .tag(4, 2)
    .bytes(Buffer.from("about to fail\n"))
    .finish();
  const vertexStatus = new BinaryWriter().tag(1, 2).string("id").finish();
  const msg = new BinaryWriter()
    .tag(1, 2)
    .bytes(vertex)
    .tag(2, 2)
    .bytes(vertexStatus)
    .tag(3, 2)
    .bytes(log)
    .finish();
  return Buffer.from(msg).toString("base64");
}

describe("decodeBuildkitStatus", () => {
  it("reads step names, errors and command output as text", () => {
    assert.deepEqual(decodeBuildkitStatus(statusResponse()), {
      vertexes: [{ digest: "sha256:abc", name: "[2/2] RUN make", error: "exit code: 3" }],
      logs: ["about to fail\n"],
    });
  });

  it("reads an empty message as nothing", () => {
    assert.deepEqual(decodeBuildkitStatus(""), { vertexes: [], logs: [] });
  });
});
