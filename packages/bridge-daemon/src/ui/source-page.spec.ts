import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { uncompiledScript } from "./source-page.js";

describe("uncompiledScript", () => {
  it("finds the TypeScript, JSX, Vue or Svelte entry of a dev server's source page", () => {
    assert.equal(
      uncompiledScript(
        '<!doctype html><html><body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>',
      ),
      "/src/main.tsx",
    );
    assert.equal(
      uncompiledScript("<script type=module src=./src/index.ts></script>"),
      "./src/index.ts",
    );
    assert.equal(uncompiledScript("<SCRIPT SRC='/src/App.vue?x=1'></SCRIPT>"), "/src/App.vue?x=1");
    assert.equal(uncompiledScript('<script src="/main.jsx"></script>'), "/main.jsx");
  });

  it("passes a built page, inline scripts, and names that only contain ts", () => {
    assert.equal(
      uncompiledScript(
        '<script type="module" crossorigin src="./assets/index-BQ3x.js"></script><link rel="stylesheet" href="./assets/index.css">',
      ),
      undefined,
    );
    assert.equal(uncompiledScript("<script>const x = 'main.tsx';</script>"), undefined);
    assert.equal(uncompiledScript('<script src="/tsx/loader.js"></script>'), undefined);
    assert.equal(uncompiledScript(""), undefined);
  });
});
