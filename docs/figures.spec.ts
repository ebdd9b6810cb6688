import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";

/**
 * Figures the docs state that a build determines exactly: they are read off
 * the build here, so prose cannot go stale. (Install sizes are measured by
 * docs/author-path.spec.ts, which installs the packages anyway.)
 */
const ROOT = resolve(import.meta.dirname, "..");

describe("figures in the docs", () => {
  it("docs/api.md states the shim bundle's size as the build makes it", () => {
    const bundle = readFileSync(join(ROOT, "packages/web-shim/dist/bundle/ddbridge-shim.js"));
    const kib = (n: number) => (n / 1024).toFixed(1);
    const api = readFileSync(join(import.meta.dirname, "api.md"), "utf8");
    const stated = /classic bundle is ([\d.]+) KiB minified, \*\*([\d.]+) KiB gzip\*\*/.exec(api);
    assert.ok(stated, "docs/api.md states the shim's size");
    assert.deepEqual(
      [stated[1], stated[2]],
      [kib(bundle.length), kib(gzipSync(bundle).length)],
      "docs/api.md: the shim's size (pnpm --filter @ddbridge/web-shim bundle prints it)",
    );
  });
});
