import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { splitCmdline } from "./split-cmdline.js";

describe("splitCmdline", () => {
  it("splits on blanks and groups quoted text", () => {
    assert.deepEqual(splitCmdline("ls -l  'my dir' \"a b\""), ["ls", "-l", "my dir", "a b"]);
    assert.deepEqual(splitCmdline("docker ps --format '{{json .}}'"), [
      "docker",
      "ps",
      "--format",
      "{{json .}}",
    ]);
    assert.deepEqual(splitCmdline(`echo "say \\"hi\\"" it\\'s`), ["echo", 'say "hi"', "it's"]);
    assert.deepEqual(splitCmdline("a''b \"\" ''"), ["ab", "", ""]);
    assert.deepEqual(splitCmdline("  "), []);
  });

  it("expands nothing: pipes, substitutions and globs are characters", () => {
    assert.deepEqual(splitCmdline("echo $(id) | wc; rm *"), [
      "echo",
      "$(id)",
      "|",
      "wc;",
      "rm",
      "*",
    ]);
    assert.deepEqual(splitCmdline("echo '$HOME' \"$HOME\""), ["echo", "$HOME", "$HOME"]);
  });

  it("joins lines at a backslash-newline, inside double quotes too", () => {
    assert.deepEqual(splitCmdline('ls \\\n-l "a\\\nb"'), ["ls", "-l", "ab"]);
    assert.deepEqual(splitCmdline("a\nb"), ["a", "b"]);
  });

  it("refuses unterminated quotes", () => {
    assert.throws(() => splitCmdline("echo 'oops"), /unterminated '/);
    assert.throws(() => splitCmdline('echo "oops'), /unterminated "/);
  });
});
