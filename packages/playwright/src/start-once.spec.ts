import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { tempDir } from "@ddbridge/testing";
import { claimFailure, failureMarker, reportedFailure } from "./start-once.js";

describe("start failures, reported once per run", () => {
  it("lets the first claimant report; later ones read its message; plans do not share a marker", async () => {
    const tmp = await tempDir();
    try {
      const out = join(tmp.dir, "test-results");
      const a = failureMarker(out, { kind: "serve", dir: "/a" });
      const b = failureMarker(out, { kind: "serve", dir: "/b" });
      assert.notEqual(a, b);
      assert.equal(a, failureMarker(out, { kind: "serve", dir: "/a" }));
      assert.equal(await reportedFailure(a), undefined);
      const claims = await Promise.all([claimFailure(a, "boom"), claimFailure(a, "boom")]);
      assert.deepEqual(claims.sort(), [false, true]);
      assert.equal(await reportedFailure(a), "boom");
      assert.equal(await reportedFailure(b), undefined);
    } finally {
      await tmp.remove();
    }
  });
});
