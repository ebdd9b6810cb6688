#!/usr/bin/env node
// Packs the published packages into tarballs, as npm would get them:
//   node scripts/pack.mjs [--out DIR] [--check]
// DIR defaults to dist-packages/. With --check, each tarball must pass
// publint and @arethetypeswrong/cli (the packages are ESM only: Node >= 20.18).
// It builds first (tsc -b and the shim bundle), so a tarball is never packed stale.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The packages an author installs, in dependency order. */
export const PUBLISHED = ["proto", "protocol", "client", "web-shim", "bridge-daemon", "playwright"];

const { values } = parseArgs({
  options: { out: { type: "string" }, check: { type: "boolean" } },
});
const out = resolve(values.out ?? join(root, "dist-packages"));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

function run(cmd, args, cwd = root) {
  const r = spawnSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  if (r.status !== 0) {
    process.stderr.write(r.stdout ?? "");
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.status})`);
  }
  return r.stdout;
}

const pnpm = [process.execPath, join(root, "scripts", "pnpm.mjs")];
run(pnpm[0], [pnpm[1], "exec", "tsc", "-b"]);
run(pnpm[0], [pnpm[1], "--filter", "@ddbridge/web-shim", "run", "bundle"]);
run(pnpm[0], [pnpm[1], "--filter", "@ddbridge/bridge-daemon", "run", "vendor"]);
// The .proto files go in @ddbridge/proto, for grpcurl -proto and buf generate.
run(pnpm[0], [pnpm[1], "--filter", "@ddbridge/proto", "run", "proto"]);
for (const name of PUBLISHED) {
  const dir = join(root, "packages", name);
  run(pnpm[0], [pnpm[1], "pack", "--pack-destination", out], dir);
  if (values.check) {
    process.stdout.write(run(pnpm[0], [pnpm[1], "exec", "publint", "--strict"], dir));
  }
}
const tarballs = readdirSync(out)
  .filter((f) => f.endsWith(".tgz"))
  .map((f) => join(out, f));
if (values.check) {
  for (const t of tarballs) {
    process.stdout.write(
      run(pnpm[0], [pnpm[1], "exec", "attw", t, "--profile", "esm-only", "--format", "ascii"]),
    );
  }
}
for (const t of tarballs) process.stdout.write(`${t}\n`);
