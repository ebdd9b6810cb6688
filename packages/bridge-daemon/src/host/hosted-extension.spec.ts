import assert from "node:assert/strict";
import { test } from "node:test";
import { versionOf } from "./hosted-extension.js";

test("versionOf reads the tag, 'latest' without one, and a digest's start", () => {
  assert.equal(versionOf("docker/logs-explorer-extension:0.2.1"), "0.2.1");
  assert.equal(versionOf("reg.example:5000/a/b"), "latest");
  assert.equal(versionOf("a/b@sha256:0123456789abcdef0123"), "sha256:0123456789ab");
});
