import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { desktopArgv } from "./desktop-argv.js";

const buffered = (cmd: string, args: string[]) => desktopArgv(cmd, args, "buffered");
const stream = (cmd: string, args: string[]) => desktopArgv(cmd, args, "stream");

describe("desktopArgv", () => {
  it("buffered: the SDK's quoted --format template with spaces is one word", () => {
    assert.deepEqual(buffered("info", ["--format", '"{{ json . }}"']), {
      command: "info",
      args: ["--format", "{{ json . }}"],
    });
  });

  it("buffered: a whole command line passed as one argument becomes its words", () => {
    assert.deepEqual(buffered("exec", ["web", '/bin/sh -c "nginx -v"']), {
      command: "exec",
      args: ["web", "/bin/sh", "-c", "nginx -v"],
    });
    assert.deepEqual(buffered("ls -l /tmp", []), { command: "ls", args: ["-l", "/tmp"] });
  });

  it("buffered: quotes inside an argument go, as a shell removes them (extensions-sdk#303)", () => {
    assert.deepEqual(
      buffered("run", ["--mount", 'type=bind,source="/a path",target=/file', "alpine"]).args,
      ["--mount", "type=bind,source=/a path,target=/file", "alpine"],
    );
  });

  it("buffered: escaped quotes inside double quotes stay (mochoa's sh -c scripts)", () => {
    const script = `"sed -i s/Dark/Light/g f || echo '{\\"theme\\": \\"Light\\"}' > f"`;
    assert.deepEqual(buffered("exec", ["-d", "vm", "/bin/sh", "-c", script]).args, [
      "-d",
      "vm",
      "/bin/sh",
      "-c",
      `sed -i s/Dark/Light/g f || echo '{"theme": "Light"}' > f`,
    ]);
  });

  it("buffered: unquoted spaces split, and nothing is expanded", () => {
    assert.deepEqual(buffered("echo", ["a b", "$HOME", "$(id)", "*", "|", ";"]).args, [
      "a",
      "b",
      "$HOME",
      "$(id)",
      "*",
      "|",
      ";",
    ]);
  });

  it("buffered: an unterminated quote or an empty command is invalid_argument", () => {
    assert.throws(() => buffered("echo", ["it's"]), { grpcCode: "invalid_argument" });
    assert.throws(() => buffered("", []), { grpcCode: "invalid_argument" });
    assert.throws(() => buffered("''", ["x"]), { grpcCode: "invalid_argument" });
  });

  it("stream: argv exactly as given, quotes and spaces kept", () => {
    const args = ["--format", "{{ json . }}", 'source="x"', '"quoted"', "it's", ""];
    assert.deepEqual(stream("events", args), { command: "events", args });
    assert.deepEqual(stream("a b", []), { command: "a b", args: [] });
  });
});
