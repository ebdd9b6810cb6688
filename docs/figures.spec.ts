import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
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

  it("docs/benchmarks.md's measured decisions name files that exist", () => {
    const doc = readFileSync(join(import.meta.dirname, "benchmarks.md"), "utf8");
    const section = doc.split("## Measured decisions")[1] ?? "";
    const files = [...section.matchAll(/^\| `([\w/.-]+\.ts)`/gm)].map((m) => m[1]!);
    assert.ok(files.length >= 5, "the section lists its files");
    for (const f of files) assert.ok(existsSync(join(ROOT, "packages", f)), `no packages/${f}`);
  });
});
