import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseVolume } from "./compose-volumes.js";

describe("parseVolume", () => {
  it("tells binds, named volumes, anonymous ones and the extension's own folders apart", () => {
    assert.deepEqual(parseVolume("/srv:/data:ro", "v"), {
      kind: "bind",
      source: "/srv",
      target: "/data",
      readOnly: true,
    });
    assert.deepEqual(parseVolume("cache:/cache:rw,z", "v"), {
      kind: "volume",
      name: "cache",
      target: "/cache",
      readOnly: false,
    });
    assert.deepEqual(parseVolume("/scratch", "v"), { kind: "anonymous", target: "/scratch" });
    assert.deepEqual(parseVolume("./config:/etc/app", "v"), {
      kind: "local",
      path: "config",
      target: "/etc/app",
      readOnly: false,
    });
    assert.deepEqual(parseVolume("~/tmp/db:/db", "v"), {
      kind: "local",
      path: "home/tmp/db",
      target: "/db",
      readOnly: false,
    });
    assert.deepEqual(parseVolume(".:/src", "v"), {
      kind: "local",
      path: ".",
      target: "/src",
      readOnly: false,
    });
  });

  it("reads the long syntax", () => {
    assert.deepEqual(
      parseVolume({ type: "volume", source: "d", target: "/d", read_only: true }, "v"),
      {
        kind: "volume",
        name: "d",
        target: "/d",
        readOnly: true,
      },
    );
    assert.deepEqual(parseVolume({ type: "bind", source: "/h", target: "/c" }, "v"), {
      kind: "bind",
      source: "/h",
      target: "/c",
      readOnly: false,
    });
    assert.deepEqual(parseVolume({ type: "tmpfs", target: "/run" }, "v"), {
      kind: "tmpfs",
      target: "/run",
    });
    assert.deepEqual(parseVolume({ type: "volume", target: "/anon" }, "v"), {
      kind: "anonymous",
      target: "/anon",
    });
  });

  it("refuses a way out of the extension's folder, a relative target and unknown modes or types", () => {
    assert.throws(() => parseVolume("../x:/x", "v"), /leaves the extension's folder/);
    assert.throws(() => parseVolume("./a/../../x:/x", "v"), /leaves the extension's folder/);
    assert.throws(() => parseVolume("/a:b", "v"), /must be an absolute path/);
    assert.throws(() => parseVolume("/a:/b:rx", "v"), /must be SOURCE:TARGET/);
    assert.throws(
      () => parseVolume({ type: "npipe", source: "x", target: "/x" }, "v"),
      /bind, volume or tmpfs/,
    );
    assert.throws(() => parseVolume("bad name:/x", "v"), /bad volume source/);
  });
});
