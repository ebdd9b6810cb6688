#!/usr/bin/env node
// Runs pnpm 10 whether or not it is installed globally: corepack is not
// reliable on the target machines, `npx -y pnpm@10` always is.
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const local = spawnSync("pnpm", ["--version"], { encoding: "utf8" });
const usable = local.status === 0 && /^10\./.test(local.stdout.trim());
const [cmd, cmdArgs] = usable ? ["pnpm", args] : ["npx", ["-y", "pnpm@10", ...args]];
const result = spawnSync(cmd, cmdArgs, { stdio: "inherit" });
process.exit(result.status ?? 1);
