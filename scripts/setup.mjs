#!/usr/bin/env node
// Set-up on a fresh clone (only Node and npm needed): install the workspace
// with the frozen lockfile, compile every package, bundle the browser shim.
// With --test-tools, also install what the tests drive (Chromium, grpcurl,
// Go plugins, the Python venv): scripts/install-test-tools.sh.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pnpm = join(root, "scripts", "pnpm.mjs");

function run(args) {
  const result = spawnSync(process.execPath, [pnpm, ...args], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(["install", "--frozen-lockfile", "--reporter=append-only"]);
run(["exec", "tsc", "-b"]);
run(["--filter", "@ddbridge/web-shim", "run", "bundle"]);
run(["--filter", "@ddbridge/bridge-daemon", "run", "vendor"]);
if (process.argv.includes("--test-tools")) {
  const tools = spawnSync("bash", [join(root, "scripts", "install-test-tools.sh")], {
    stdio: "inherit",
  });
  if (tools.status !== 0) process.exit(tools.status ?? 1);
}
