import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { slugOf } from "./install-record.js";

describe("slugOf", () => {
  it("makes image references usable as container, volume and folder names", () => {
    assert.equal(slugOf("ddbridge.local/hello-extension:latest"), "hello-extension");
    assert.equal(
      slugOf("docker/logs-explorer-extension:0.2.1"),
      "docker-logs-explorer-extension-0.2.1",
    );
    assert.equal(slugOf("Registry:5000/Team/Ext@sha256:ab"), "registry-5000-team-ext-sha256-ab");
    assert.equal(slugOf("///"), "extension");
  });
});
