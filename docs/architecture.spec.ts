import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { type TempDir, tempDir } from "@ddbridge/testing";

const ROOT = resolve(import.meta.dirname, "..");
const CONFIG = join(ROOT, ".dependency-cruiser.cjs");
const DEPCRUISE = join(ROOT, "node_modules/.bin/depcruise");
const require = createRequire(import.meta.url);

/** [layer, folder] pairs, top to bottom, as the config's rules name them ("layer-5-exec"). */
function configLayers(): Array<[number, string]> {
  const config = require(CONFIG) as { forbidden: Array<{ name: string }> };
  return config.forbidden.flatMap((rule) => {
    const m = /^layer-(\d+)-(\w+)$/.exec(rule.name);
    return m ? [[Number(m[1]), m[2]!] as [number, string]] : [];
  });
}

/** [layer, folder] pairs from the table in docs/architecture.md. */
function documentedLayers(): Array<[number, string]> {
  const doc = readFileSync(join(import.meta.dirname, "architecture.md"), "utf8");
  return [...doc.matchAll(/^\| (\d+)\s+\| `(\w+)\/`/gm)].map((m) => [Number(m[1]), m[2]!]);
}

function depcruise(cwd: string) {
  const r = spawnSync(DEPCRUISE, ["packages", "--config", CONFIG], { cwd, encoding: "utf8" });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe("the daemon's layers", () => {
  it("are the same in docs/architecture.md, in the dependency rules and on disk", () => {
    const layers = configLayers();
    assert.ok(layers.length > 0);
    assert.deepEqual(documentedLayers(), layers);
    const folders = readdirSync(join(ROOT, "packages/bridge-daemon/src"), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    assert.deepEqual(folders.sort(), layers.map(([, f]) => f).sort());
  });
});

describe("the dependency rules", () => {
  let tmp: TempDir;
  /** A throwaway tree laid out like the repository, with one file per import given. */
  async function tree(files: Record<string, string>) {
    const dir = join(tmp.dir, `t${Math.random().toString(36).slice(2)}`);
    const all: Record<string, string> = {
      "tsconfig.test.json": JSON.stringify({
        compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", strict: true },
        include: ["packages", "examples"],
      }),
      "packages/bridge-daemon/src/cli/units.ts": "export const unit = 1;\n",
      "packages/bridge-daemon/src/engine/engine.ts": "export const engine = 1;\n",
      "examples/hello/backend.ts": "export const backend = 1;\n",
      ...files,
    };
    for (const [path, content] of Object.entries(all)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    return dir;
  }

  before(async () => {
    tmp = await tempDir("ddbridge-depcruise-");
  });
  after(() => tmp.remove());

  it("pass a tree that only imports down", async () => {
    const dir = await tree({
      "packages/bridge-daemon/src/cli/main.ts": 'import { engine } from "../engine/engine.js";\n',
    });
    const r = depcruise(dir);
    assert.equal(r.status, 0, r.output);
  });

  it("fail a deliberate upward import, naming the edge", async () => {
    const dir = await tree({
      "packages/bridge-daemon/src/engine/upward.ts": 'import { unit } from "../cli/units.js";\n',
    });
    const r = depcruise(dir);
    assert.notEqual(r.status, 0);
    assert.match(
      r.output,
      /layer-6-engine: packages\/bridge-daemon\/src\/engine\/upward\.ts → packages\/bridge-daemon\/src\/cli\/units\.ts/,
    );
  });

  it("fail an import from a package into examples/, and a cycle", async () => {
    const dir = await tree({
      "packages/client/src/index.ts": 'import "../../../examples/hello/backend.js";\n',
      "packages/bridge-daemon/src/exec/a.ts": 'import "./b.js";\nexport const a = 1;\n',
      "packages/bridge-daemon/src/exec/b.ts": 'import "./a.js";\nexport const b = 1;\n',
    });
    const r = depcruise(dir);
    assert.notEqual(r.status, 0);
    assert.match(r.output, /packages-not-to-examples: packages\/client\/src\/index\.ts/);
    assert.match(r.output, /no-circular: packages\/bridge-daemon\/src\/exec\/a\.ts/);
  });

  it("pass the repository itself", () => {
    const r = depcruise(ROOT);
    assert.equal(r.status, 0, r.output);
  });
});
