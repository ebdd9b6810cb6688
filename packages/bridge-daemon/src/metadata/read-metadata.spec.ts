import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { checkMetadata, hostBinaryPaths, readMetadata } from "./read-metadata.js";

describe("readMetadata", () => {
  it("reads the example extension", async () => {
    const m = await readMetadata(join(import.meta.dirname, "../../../../examples/hello-extension"));
    assert.equal(m.vm?.exposes?.socket, "hello-extension.sock");
    assert.deepEqual(Object.keys(hostBinaryPaths(m, "/x", "linux")), ["hello"]);
  });

  it("accepts an empty object: every section is optional", () => {
    assert.deepEqual(checkMetadata({}, "x"), {});
  });

  it("names the file when it is not JSON", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ddbridge-meta-"));
    await writeFile(join(dir, "metadata.json"), "{ nope");
    await assert.rejects(readMetadata(dir), /metadata\.json is not valid JSON/);
  });

  it("refuses both image and composefile, a socket path, unknown platforms", () => {
    assert.throws(
      () => checkMetadata({ vm: { image: "a", composefile: "b" } }, "m"),
      /exactly one/,
    );
    assert.throws(
      () => checkMetadata({ vm: { exposes: { socket: "../x.sock" } } }, "m"),
      /file name/,
    );
    assert.throws(
      () => checkMetadata({ host: { binaries: [{ linux_amd64: [] }] } }, "m"),
      /unknown platform/,
    );
  });

  it("refuses fields of the wrong type with the field's name (a number as ui root stopped serve with Node's message)", () => {
    const cases: Array<[object, RegExp]> = [
      [
        { ui: { "dashboard-tab": { title: "x", root: 5, src: "index.html" } } },
        /ui\["dashboard-tab"\]\.root must be a string, got 5/,
      ],
      [{ ui: { "dashboard-tab": "ui" } }, /ui\["dashboard-tab"\] must be an object/],
      [{ ui: ["dashboard-tab"] }, /ui must be an object of tabs/],
      [{ vm: { image: 7 } }, /vm\.image must be a non-empty string, got 7/],
      [{ vm: { composefile: "" } }, /vm\.composefile must be a non-empty string/],
      [{ host: "x" }, /host must be an object/],
    ];
    for (const [value, message] of cases) {
      assert.throws(() => checkMetadata(value, "m"), { name: "MetadataError", message });
    }
  });

  it("takes the platform's binaries, by base name, under the folder as the image lays them out", () => {
    const m = checkMetadata(
      {
        host: {
          binaries: [
            { darwin: [{ path: "/darwin/kubectl" }], linux: [{ path: "/linux/kubectl" }] },
            { windows: [{ path: "/windows/kubectl.exe" }] },
          ],
        },
      },
      "m",
    );
    assert.deepEqual(hostBinaryPaths(m, "/ext", "windows"), {
      "kubectl.exe": "/ext/windows/kubectl.exe",
    });
    assert.deepEqual(hostBinaryPaths(m, "/ext", "linux"), { kubectl: "/ext/linux/kubectl" });
    const climbing = checkMetadata(
      { host: { binaries: [{ linux: [{ path: "/../../etc/x" }] }] } },
      "m",
    );
    assert.deepEqual(hostBinaryPaths(climbing, "/ext", "linux"), { x: "/ext/etc/x" });
  });
});
