import { execFile, spawn } from "node:child_process";
import { copyFile, cp, mkdir, realpath, symlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { promisify } from "node:util";
import type { DockerEngine } from "@ddbridge/bridge-daemon";
import { tempDir } from "./temp-dir.js";

const run = promisify(execFile);

/**
 * Base images a Dockerfile names (`golang:1.21-alpine`, `node:21-alpine`,
 * `alpine`), made from this machine's own files under the same names: no
 * image registry is reachable here, and registry images are outside this
 * machine, so the tests stand in for them. `golang*` gets this machine's Go
 * toolchain, `node*` its Node and npm with `npmCache` as an offline npm cache
 * (`npm ci` works without the registry), anything else a busybox. A
 * Dockerfile that builds with them builds unchanged with the real ones.
 * Imported as plain tar streams (no build, no compression): the Go toolchain
 * alone is 270 MB. An image the engine has already that is not a stand-in
 * (a real `alpine`) is left as it is. Returns the names it made: remove
 * them with {@link removeStandInImages}.
 */
export async function ensureStandInImages(
  engine: DockerEngine,
  dockerfile: string,
  options: { npmCache?: string } = {},
): Promise<string[]> {
  const made: string[] = [];
  for (const image of baseImages(dockerfile)) {
    const existing = await engine.api
      .getImage(image)
      .inspect()
      .catch(() => undefined);
    if (existing && existing.Config?.Labels?.[STAND_IN_LABEL] === undefined) continue;
    const repo = basename(image.split(":")[0]!);
    const staging = await tempDir("ddbridge-stand-in-");
    try {
      await stageBusybox(staging.dir);
      const extra: string[] = [];
      let env = "PATH=/usr/bin:/bin";
      if (repo === "golang") {
        const goroot = (await run("go", ["env", "GOROOT"])).stdout.trim();
        // The toolchain goes straight from its folder into the tar stream, as usr/local/go.
        extra.push(
          "-C",
          dirname(goroot),
          `--transform=s,^${basename(goroot)},usr/local/go,`,
          basename(goroot),
        );
        env =
          "PATH=/usr/local/go/bin:/go/bin:/usr/bin:/bin GOPATH=/go GOTOOLCHAIN=local GOFLAGS=-buildvcs=false";
      } else if (repo === "node") {
        await stageNode(staging.dir, options.npmCache);
        env =
          "PATH=/usr/bin:/bin LD_LIBRARY_PATH=/lib/x86_64-linux-gnu npm_config_cache=/npm-cache npm_config_offline=true npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false";
      }
      const tar = spawn("tar", ["-c", "-C", staging.dir, ".", ...extra], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let tarErr = "";
      tar.stderr.on("data", (d) => (tarErr += d));
      const [name, tag = "latest"] = splitTag(image);
      // `changes` (ENV, CMD) is in the Engine API but not in @types/dockerode.
      const progress = (await engine.api.importImage(tar.stdout, {
        repo: name,
        tag,
        changes: [`ENV ${env}`, 'CMD ["/bin/sh"]', `LABEL ${STAND_IN_LABEL}=1`],
      } as object)) as unknown as NodeJS.ReadableStream;
      await new Promise<void>((resolve, reject) =>
        engine.api.modem.followProgress(
          progress,
          (err: Error | null, out: Array<{ error?: string }>) => {
            const failed = err?.message ?? out.find((e) => e.error)?.error;
            if (failed) reject(new Error(`importing ${image} failed: ${failed} ${tarErr}`));
            else resolve();
          },
        ),
      );
      made.push(image);
    } finally {
      await staging.remove();
    }
  }
  return made;
}

/** Label of the images {@link ensureStandInImages} makes. */
const STAND_IN_LABEL = "io.ddbridge.test.stand-in";

/** Removes stand-in images (only those: a real image of the same name is never made or removed here). */
export async function removeStandInImages(engine: DockerEngine, images: string[]): Promise<void> {
  for (const image of images) {
    const info = await engine.api
      .getImage(image)
      .inspect()
      .catch(() => undefined);
    if (info?.Config?.Labels?.[STAND_IN_LABEL] !== undefined) {
      await engine.api
        .getImage(image)
        .remove({ force: true })
        .catch(() => {});
    }
  }
}

/** The images a Dockerfile's FROM lines pull (not its own stages, not scratch). */
export function baseImages(dockerfile: string): string[] {
  const stages = new Set<string>();
  const images: string[] = [];
  for (const m of dockerfile.matchAll(
    /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/gim,
  )) {
    const image = m[1]!;
    if (!stages.has(image.toLowerCase()) && image !== "scratch" && !images.includes(image)) {
      images.push(image);
    }
    if (m[2]) stages.add(m[2].toLowerCase());
  }
  return images;
}

function splitTag(image: string): [string, string | undefined] {
  const slash = image.lastIndexOf("/");
  const colon = image.lastIndexOf(":");
  return colon > slash ? [image.slice(0, colon), image.slice(colon + 1)] : [image, undefined];
}

/** Debian's static busybox at /bin, its applets linked beside it, /usr/bin/env, /tmp and /root. */
async function stageBusybox(rootfs: string) {
  await mkdir(join(rootfs, "bin"), { recursive: true });
  await mkdir(join(rootfs, "usr/bin"), { recursive: true });
  await mkdir(join(rootfs, "tmp"), { mode: 0o1777 });
  await mkdir(join(rootfs, "root"));
  await copyFile("/bin/busybox", join(rootfs, "bin/busybox"));
  const applets = (await run("/bin/busybox", ["--list"])).stdout.split("\n").filter(Boolean);
  for (const applet of applets) {
    if (applet !== "busybox") await symlink("busybox", join(rootfs, "bin", applet));
  }
  await symlink("/bin/busybox", join(rootfs, "usr/bin/env"));
}

/** This machine's node, its shared libraries, npm and the npm cache, laid out as a root file system. */
async function stageNode(rootfs: string, npmCache: string | undefined) {
  const node = await realpath(process.execPath);
  await copyFile(node, join(rootfs, "usr/bin/node"));
  // npm's own folder, from the npm on PATH (bin/npm-cli.js), whichever Node runs this.
  const npmCli = await realpath((await run("sh", ["-c", "command -v npm"])).stdout.trim());
  const npm = dirname(dirname(npmCli));
  await cp(npm, join(rootfs, "usr/lib/node_modules/npm"), { recursive: true });
  await symlink("../lib/node_modules/npm/bin/npm-cli.js", join(rootfs, "usr/bin/npm"));
  await symlink("../lib/node_modules/npm/bin/npx-cli.js", join(rootfs, "usr/bin/npx"));
  // ldd: "libstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x...)" and the loader.
  const { stdout } = await run("ldd", [node]);
  const libs = [...stdout.matchAll(/(?:=>\s*)?(\/\S+)\s+\(0x/g)].map((m) => m[1]!);
  // Native addons (rolldown's, lightningcss's) want a few more of glibc's libraries.
  for (const lib of ["libgcc_s.so.1", "librt.so.1", "libresolv.so.2", "libutil.so.1"]) {
    libs.push(join("/lib/x86_64-linux-gnu", lib));
  }
  for (const path of libs) {
    const target = path.startsWith("/lib64/")
      ? path
      : join("/lib/x86_64-linux-gnu", basename(path));
    await mkdir(join(rootfs, dirname(target)), { recursive: true });
    await copyFile(await realpath(path), join(rootfs, target)).catch(() => {});
  }
  if (npmCache) await cp(npmCache, join(rootfs, "npm-cache"), { recursive: true });
}
