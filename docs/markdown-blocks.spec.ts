import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { codeBlocks, shellCommands } from "./markdown-blocks.js";

describe("codeBlocks", () => {
  it("finds fenced blocks with their language and line", () => {
    const md = "# t\n\n```sh\necho a\n```\ntext\n```\nplain\n```\n";
    assert.deepEqual(codeBlocks(md), [
      { lang: "sh", line: 3, code: "echo a\n" },
      { lang: "", line: 7, code: "plain\n" },
    ]);
  });
});

describe("shellCommands", () => {
  it("joins continuations and drops comments, but not a # inside quotes", () => {
    assert.deepEqual(
      shellCommands('# note\ncurl -s \\\n  -d \'{"a":"#x"}\' url   # trailing\n\nls\n'),
      ['curl -s -d \'{"a":"#x"}\' url', "ls"],
    );
  });
});
