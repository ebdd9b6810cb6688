import { spawnSync } from "node:child_process";
import { join } from "node:path";

const SOURCE = join(import.meta.dirname, "../backend-go");

/**
 * Builds the fixture backend statically (CGO_ENABLED=0) to `out`, for test
 * images FROM scratch or busybox. Returns why it could not (no Go) so the
 * caller can skip; under CI=true that is an error.
 */
export function buildGoFixtureBackend(out: string): string | undefined {
  const r = spawnSync("go", ["build", "-trimpath", "-ldflags=-s -w", "-o", out, "."], {
    cwd: SOURCE,
    env: { ...process.env, CGO_ENABLED: "0" },
    encoding: "utf8",
  });
  if (r.status === 0) return undefined;
  const why = `cannot build the Go fixture backend: ${r.stderr ?? ""}${r.error ?? ""}`;
  if (process.env.CI === "true") throw new Error(`CI=true: ${why}`);
  return why;
}
