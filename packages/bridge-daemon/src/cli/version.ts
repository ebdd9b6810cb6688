import { readFileSync } from "node:fs";

/** The package's version, from its package.json (two folders up from src/cli and dist/cli). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return pkg.version as string;
}
