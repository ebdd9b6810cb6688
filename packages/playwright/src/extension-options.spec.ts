import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backendInvocation, daemonArgs, planBridge } from "./extension-options.js";

describe("planBridge", () => {
  it("takes a folder, relative to the config, with no backend", () => {
    assert.deepEqual(planBridge("./ext", "/repo"), {
      kind: "serve",
      dir: "/repo/ext",
      backend: undefined,
      uiSource: undefined,
      env: {},
      args: [],
    });
  });

  it("runs an image, or a folder's Dockerfile, with up", () => {
    assert.equal(planBridge({ image: "me/ext:1" }, "/repo").kind, "up");
    assert.deepEqual(planBridge({ backend: "up", uiSource: "http://localhost:3000" }, "/repo"), {
      kind: "up",
      source: "/repo",
      uiSource: "http://localhost:3000",
      env: {},
      args: [],
    });
  });

  it("refuses a backend command with an image, and an empty command", () => {
    assert.throws(
      () => planBridge({ image: "me/ext:1", backend: { command: ["x"] } }, "/repo"),
      /image's own backend/,
    );
    assert.throws(() => planBridge({ backend: { command: [] } }, "/repo"), /non-empty list/);
    assert.throws(() => planBridge({ image: "" }, "/repo"), /must name an image/);
  });
});

describe("backendInvocation and daemonArgs", () => {
  it("puts the socket path in the command, never through a shell", () => {
    const inv = backendInvocation(
      {
        command: ["go", "run", "./backend", "-socket", "{socket}", "--x={socket};ls"],
        cwd: "backend",
        env: { SOCKET: "{socket}", OTHER: "x" },
      },
      "/repo",
      "/tmp/gs/backend.sock",
    );
    assert.deepEqual(inv, {
      file: "go",
      args: ["run", "./backend", "-socket", "/tmp/gs/backend.sock", "--x=/tmp/gs/backend.sock;ls"],
      cwd: "/repo/backend",
      env: { SOCKET: "/tmp/gs/backend.sock", OTHER: "x" },
    });
  });

  it("serves on a free loopback port, with the socket and UI source given", () => {
    const serve = planBridge(
      { dir: ".", uiSource: "http://localhost:3000", args: ["--log-level", "debug"] },
      "/r",
    );
    assert.deepEqual(daemonArgs(serve, "/tmp/s.sock"), [
      "serve",
      "--extension",
      "/r",
      "--listen",
      "127.0.0.1:0",
      "--socket",
      "/tmp/s.sock",
      "--ui-source",
      "http://localhost:3000",
      "--log-level",
      "debug",
    ]);
    assert.deepEqual(
      daemonArgs(planBridge({ image: "me/ext:1", args: ["--network", "none"] }, "/r"), undefined),
      ["up", "me/ext:1", "--listen", "127.0.0.1:0", "--network", "none"],
    );
  });
});
