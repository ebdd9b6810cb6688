import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";

const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const PROJECT = join(import.meta.dirname, "../test/browser-project");

describe("the client's types in a browser project", () => {
  it("compile without @types/node, with library checks on (its own built .d.ts)", async () => {
    const result = await promisify(execFile)(process.execPath, [tsc, "-p", PROJECT]).catch(
      (err: { stdout: string; code: number }) => err,
    );
    assert.equal("code" in result ? result.code : 0, 0, result.stdout);
  });
});
