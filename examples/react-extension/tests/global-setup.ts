import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const run = (cmd: string, args: string[], cwd = root) =>
  execFileSync(cmd, args, { cwd, stdio: "inherit", env: { ...process.env, CGO_ENABLED: "0" } });

/**
 * Builds what the tests run: the backend (bin/service, also the VM command
 * the UI runs) and, for BACKEND_MODE=up, the image's build context in
 * build/image — the author's Dockerfile's stages done on the host, then
 * tests/scratch.Dockerfile (with a static busybox for the terminal's sh), since no
 * registry is reachable here.
 */
export default function globalSetup() {
  run("go", ["build", "-o", join(root, "bin", "service"), "."], join(root, "backend"));
  if (process.env.BACKEND_MODE !== "up") return;
  run("npm", ["run", "build", "--prefix", "ui"]);
  const ctx = join(root, "build", "image");
  rmSync(ctx, { recursive: true, force: true });
  mkdirSync(ctx, { recursive: true });
  cpSync(join(root, "bin", "service"), join(ctx, "service"));
  for (const f of ["metadata.json", "docker-compose.yaml", "docker.svg", "host"]) {
    cpSync(join(root, f), join(ctx, f), { recursive: true });
  }
  cpSync(join(root, "ui", "build"), join(ctx, "ui"), { recursive: true });
  // The terminal's sh (and stty, cat...): the author's alpine base has them; scratch takes
  // Debian's static busybox from this machine.
  cpSync("/bin/busybox", join(ctx, "busybox"));
  cpSync(join(root, "tests", "scratch.Dockerfile"), join(ctx, "Dockerfile"));
}
