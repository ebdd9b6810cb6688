import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backendAdvice } from "./backend-advice.js";

describe("backendAdvice", () => {
  it("points a go run without a go.mod at the folder that has one", () => {
    const advice = backendAdvice({
      command: [
        "go",
        "run",
        "./backend",
        "-socket",
        "/tmp/ddbridge-pw-Ab1/guest-services/backend.sock",
      ],
      cwd: "/repo",
      dir: "/repo",
      output:
        "go: go.mod file not found in current directory or any parent directory; see 'go help modules'\n",
      goModules: ["backend"],
    });
    assert.match(advice[0]!, /backend\/go\.mod exists: set backend\.cwd to "backend"/);
    assert.match(
      advice[0]!,
      /command: \["go", "run", ".", "-socket", "\{socket\}"\], cwd: "backend"/,
    );
    assert.equal(
      advice.at(-1),
      "To see it fail by hand: cd /repo && go run ./backend -socket /tmp/backend.sock",
    );
  });

  it("says only how to run it by hand when the output names nothing known; quotes what a shell would split", () => {
    const advice = backendAdvice({
      command: ["node", "server.js", "--name", "a b"],
      cwd: "/repo/backend",
      dir: "/repo",
      output: "Error: boom\n",
      goModules: [],
    });
    assert.deepEqual(advice, [
      "To see it fail by hand: cd /repo/backend && node server.js --name 'a b'",
    ]);
  });

  it("tells a backend on a fixed address to use {socket}", () => {
    const advice = backendAdvice({
      command: ["./bin/service"],
      cwd: "/repo",
      dir: "/repo",
      output: "listen unix /run/guest-services/backend.sock: bind: address already in use",
      goModules: [],
    });
    assert.match(advice[0]!, /must listen on the unix socket the fixture passes as \{socket\}/);
  });
});
