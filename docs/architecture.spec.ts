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

/** package → the packages its rule lets it import, from the config's "package-NAME" rules. */
function configPackages(): Map<string, string[]> {
  const config = require(CONFIG) as {
    forbidden: Array<{ name: string; to: { pathNot?: string[] } }>;
  };
  const graph = new Map<string, string[]>();
  for (const rule of config.forbidden) {
    const m = /^package-([\w-]+)$/.exec(rule.name);
    if (!m) continue;
    const allowed = /^\^packages\/\(([^)]*)\)\/$/.exec(rule.to.pathNot?.[0] ?? "")?.[1] ?? "";
    graph.set(
      m[1]!,
      allowed
        .split("|")
        .filter((p) => p !== m[1])
        .sort(),
    );
  }
  return graph;
}

const ARCHITECTURE = readFileSync(join(import.meta.dirname, "architecture.md"), "utf8");

/** package → what the package table's "may import" column says (workspace packages only). */
function documentedPackages(): Map<string, string[]> {
  const rows = [...ARCHITECTURE.matchAll(/^\| `packages\/([\w-]+)`\s*\|[^|]*\|([^|]*)\|/gm)];
  return new Map(
    rows
      .filter(([, name]) => !name!.startsWith("client-"))
      .map(([, name, imports]) => [
        name!,
        [...imports!.matchAll(/`([\w-]+)`/g)].map((m) => m[1]!).sort(),
      ]),
  );
}

/** package → its arrows in the mermaid picture. */
function picturedPackages(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [, from, to] of ARCHITECTURE.matchAll(/^ {2}([\w-]+) --> ([\w-]+)$/gm)) {
    graph.set(from!, [...(graph.get(from!) ?? []), to!].sort());
  }
  return graph;
}

/**
 * The stages of the HTTP path as server/rpc-stack.ts runs them: the names in
 * its call to `pipeline([...])`, each mapped to the module it is imported from.
 */
function codeStages(): string[] {
  const file = join(ROOT, "packages/bridge-daemon/src/server/rpc-stack.ts");
  const code = readFileSync(file, "utf8");
  const from = new Map<string, string>();
  for (const [, names, path] of code.matchAll(/^import \{([^}]*)\} from "([^"]+)";/gm)) {
    for (const name of names!.split(",").map((n) => n.replace(/^\s*type\s+/, "").trim())) {
      from.set(name, join("server", path!).replace(/\.js$/, ".ts"));
    }
  }
  const list = /pipeline\(\s*\[([\s\S]*?)\n {4}\],/.exec(code)?.[1] ?? "";
  // Each element starts with its stage (a conditional one as `...(cond ? [stage(...)] : [])`).
  const stages = [...list.matchAll(/^\s*(?:\.\.\.\(\w+ \? \[)?(\w+)/gm)]
    .map((m) => from.get(m[1]!))
    .filter((f): f is string => f !== undefined);
  return stages;
}

/** The files the HTTP path's block in docs/architecture.md names, in its order. */
function documentedStages(): string[] {
  const block = ARCHITECTURE.split("### HTTP:")[1]!.split("```")[1]!;
  return [...block.matchAll(/^([\w-]+\/[\w-]+\.ts)\s/gm)].map((m) => m[1]!);
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

describe("the packages", () => {
  it("are the same in the package table, the picture, the dependency rules and on disk", () => {
    const rules = configPackages();
    assert.ok(rules.size > 0);
    const onDisk = readdirSync(join(ROOT, "packages"), { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith("client-"))
      .map((e) => e.name)
      .sort();
    assert.deepEqual([...rules.keys()].sort(), onDisk);
    assert.deepEqual(new Map([...documentedPackages()].sort()), new Map([...rules].sort()));
    const pictured = picturedPackages();
    for (const [name, imports] of rules) assert.deepEqual(pictured.get(name) ?? [], imports, name);
  });
});

describe("the HTTP path", () => {
  it("lists its stages in the order server/rpc-stack.ts runs them", () => {
    const stages = codeStages();
    assert.ok(stages.length >= 5, `found ${stages.join(", ")}`);
    const documented = documentedStages().filter((f) => stages.includes(f));
    assert.deepEqual(documented, stages);
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
      /layer-7-engine: packages\/bridge-daemon\/src\/engine\/upward\.ts → packages\/bridge-daemon\/src\/cli\/units\.ts/,
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
