import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { checkMetadata, hostBinaryNames, readMetadata } from "./read-metadata.js";

describe("readMetadata", () => {
  it("reads the example extension", async () => {
    const m = await readMetadata(join(import.meta.dirname, "../../../../examples/hello-extension"));
    assert.equal(m.vm?.exposes?.socket, "hello-extension.sock");
    assert.deepEqual(hostBinaryNames(m, "linux"), ["hello"]);
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

  it("takes binary base names for the platform only", () => {
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
    assert.deepEqual(hostBinaryNames(m, "windows"), ["kubectl.exe"]);
    assert.deepEqual(hostBinaryNames(m, "linux"), ["kubectl"]);
  });
});
