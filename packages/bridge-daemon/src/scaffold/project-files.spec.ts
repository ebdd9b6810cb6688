import assert from "node:assert/strict";
import { cp, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { INIT_TEMPLATE, tempDir } from "@ddbridge/testing";
import { readProjectFiles } from "./project-files.js";

describe("readProjectFiles", () => {
  it("reads docker extension init's template: metadata, Dockerfile, compose service, ui/, backend/", async () => {
    const tmp = await tempDir();
    try {
      await cp(INIT_TEMPLATE, tmp.dir, { recursive: true });
      await writeFile(join(tmp.dir, "ui", "package-lock.json"), "{}");
      const files = await readProjectFiles(tmp.dir);
      assert.equal(files.metadata.vm?.exposes?.socket, "backend.sock");
      assert.match(files.dockerfile ?? "", /CMD \/service -socket/);
      assert.deepEqual(files.composeService, { entrypoint: undefined, command: undefined });
      assert.equal(files.ui?.dir, "ui");
      assert.equal(files.ui?.scripts.dev, "vite");
      assert.equal(files.ui?.lockfile, "npm");
      assert.match(files.ui?.viteConfig ?? "", /port: 3000/);
      assert.deepEqual(files.backend, {
        dir: "backend",
        files: ["go.mod", "main.go"],
        main: undefined,
      });
    } finally {
      await tmp.remove();
    }
  });

  it("takes the start command of the service that runs the extension's image, not the first one", async () => {
    const tmp = await tempDir();
    try {
      await cp(INIT_TEMPLATE, tmp.dir, { recursive: true });
      await writeFile(
        join(tmp.dir, "docker-compose.yaml"),
        // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's variable
        "services:\n  db:\n    image: postgres\n    command: postgres -c fsync=off\n  app:\n    image: ${DESKTOP_PLUGIN_IMAGE}\n    command: /service -socket /run/guest-services/backend.sock\n",
      );
      const files = await readProjectFiles(tmp.dir);
      assert.deepEqual(files.composeService?.command, [
        "/service",
        "-socket",
        "/run/guest-services/backend.sock",
      ]);
    } finally {
      await tmp.remove();
    }
  });

  it("refuses a folder without metadata.json, or with one that is not JSON, saying where", async () => {
    const tmp = await tempDir();
    try {
      await assert.rejects(
        readProjectFiles(tmp.dir),
        /no metadata\.json in .*: run init-tests in your extension's folder/,
      );
      await writeFile(join(tmp.dir, "metadata.json"), "{ nope");
      await assert.rejects(readProjectFiles(tmp.dir), /metadata\.json is not JSON/);
    } finally {
      await tmp.remove();
    }
  });
});
