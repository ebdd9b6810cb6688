import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEnvFile, withEnvFiles } from "./env-file.js";

describe("parseEnvFile", () => {
  it("reads KEY=VALUE lines as Compose does, interpolating nothing", () => {
    const text = [
      "# a comment",
      "",
      "PLAIN=value # trailing comment",
      "export EXPORTED=1",
      "SINGLE='kept $HOME # as is'",
      'DOUBLE="line\\nbreak \\"q\\""',
      "EMPTY=",
      "PASSED",
      "URL=http://x/#frag",
    ].join("\r\n");
    assert.deepEqual(parseEnvFile(text), [
      "PLAIN=value",
      "EXPORTED=1",
      "SINGLE=kept $HOME # as is",
      'DOUBLE=line\nbreak "q"',
      "EMPTY=",
      "PASSED",
      "URL=http://x/#frag",
    ]);
  });
});

describe("withEnvFiles", () => {
  it("lets later files and then environment win, key by key", () => {
    assert.deepEqual(withEnvFiles([["A=1", "B=1"], ["B=2"]], ["A=3", "C=3"]), [
      "A=3",
      "B=2",
      "C=3",
    ]);
  });
});
