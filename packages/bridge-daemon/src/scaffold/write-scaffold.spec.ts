import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { tempDir } from "@ddbridge/testing";
import { writeScaffold } from "./write-scaffold.js";

describe("writeScaffold", () => {
  it("writes files and .gitignore lines; with a file there, writes nothing unless forced", async () => {
    const tmp = await tempDir();
    try {
      await writeFile(join(tmp.dir, ".gitignore"), "node_modules\n/dist");
      const files = [
        { path: "a.ts", text: "a" },
        { path: "deep/b.yml", text: "b" },
      ];
      assert.deepEqual(await writeScaffold(tmp.dir, files, false), {
        written: ["a.ts", "deep/b.yml"],
        refused: [],
        ignored: ["test-results/", "playwright-report/"],
      });
      assert.equal(
        await readFile(join(tmp.dir, ".gitignore"), "utf8"),
        "node_modules\n/dist\ntest-results/\nplaywright-report/\n",
      );
      await writeFile(join(tmp.dir, "a.ts"), "mine");
      await writeFile(join(tmp.dir, "c.ts"), "c");
      const again = await writeScaffold(tmp.dir, [...files, { path: "new.ts", text: "n" }], false);
      assert.deepEqual(again, { written: [], refused: ["a.ts", "deep/b.yml"], ignored: [] });
      assert.equal(await readFile(join(tmp.dir, "a.ts"), "utf8"), "mine");
      await assert.rejects(readFile(join(tmp.dir, "new.ts")));
      const forced = await writeScaffold(tmp.dir, files, true);
      assert.deepEqual(forced.refused, []);
      assert.equal(await readFile(join(tmp.dir, "a.ts"), "utf8"), "a");
    } finally {
      await tmp.remove();
    }
  });
});
