import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { eventually, isAlive } from "@ddbridge/testing";
import { killMarkedOf, killOrphans } from "./marked-processes.js";
import { registryDir } from "./owner-registry.js";
import { markerIn } from "./run-marker.js";

const linux = process.platform === "linux";
const root = process.getuid?.() === 0;
/** Whether this machine lets us make a PID namespace (root, and unshare installed). */
const unshare = linux && root && spawnSync("unshare", ["--pid", "--fork", "true"]).status === 0;

/** A `sleep` whose environment carries `marker` (and, with `wrap`, runs under that command). */
function sleeper(marker: string, options: { wrap?: string[]; uid?: number } = {}): ChildProcess {
  const [file, ...args] = [...(options.wrap ?? []), "env", `DDBRIDGE_RUN=${marker}`, "sleep", "60"];
  const { DDBRIDGE_RUN: _, ...env } = process.env;
  return spawn(file as string, args, {
    env,
    stdio: "ignore",
    ...(options.uid ? { uid: options.uid, gid: options.uid } : {}),
  });
}

/** Notes a daemon `owner` (`<pid>.<start>`) as one of this user's, in PID namespace `ns`. */
function noteOwner(owner: string, ns = readlinkSync("/proc/self/ns/pid")): void {
  mkdirSync(registryDir(), { recursive: true, mode: 0o700 });
  writeFileSync(join(registryDir(), owner), ns, { mode: 0o600 });
}

/** The PIDs (as seen here) of the processes carrying `marker`. */
function carrying(marker: string): number[] {
  return readdirSync("/proc")
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        return markerIn(readFileSync(`/proc/${n}/environ`)) === marker;
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe("killOrphans", { skip: linux ? false : "needs /proc" }, () => {
  const started: ChildProcess[] = [];
  after(() => {
    for (const c of started) c.kill("SIGKILL");
    for (const m of ["my-own-value", "2.1/1", "3.1/1", "4.1/1", "5.1/1"])
      for (const pid of carrying(m)) process.kill(pid, "SIGKILL");
    // The notes written here for made-up daemons go too (a sweep keeps another namespace's).
    for (const owner of ["2.1", "3.1", "4.1"]) rmSync(join(registryDir(), owner), { force: true });
  });

  it("kills a command whose noted daemon is gone, but not a process with a marker that is not ddbridge's", async () => {
    noteOwner("2.1");
    started.push(sleeper("my-own-value"), sleeper("2.1/1"), sleeper("5.1/1"));
    assert.ok(
      await eventually(
        () =>
          carrying("my-own-value").length === 1 &&
          carrying("2.1/1").length === 1 &&
          carrying("5.1/1").length === 1,
      ),
    );
    const [foreign] = carrying("my-own-value");
    const [unvouched] = carrying("5.1/1");
    const [orphan] = carrying("2.1/1");
    await killOrphans();
    assert.ok(await eventually(() => !isAlive(orphan as number)), "the orphan is gone");
    assert.equal(readdirSync(registryDir()).includes("2.1"), false, "its daemon's note is dropped");
    assert.ok(isAlive(foreign as number), "a process that merely sets DDBRIDGE_RUN lives");
    assert.ok(isAlive(unvouched as number), "so does one whose daemon no registry here noted");
  });

  it("spares a command of a daemon in another PID namespace (its daemon is invisible here, not dead)", {
    skip: unshare ? false : "needs root and unshare",
  }, async () => {
    // That daemon noted itself, in its own namespace (or in no registry here at all).
    noteOwner("3.1", "pid:[4026531999]");
    started.push(sleeper("3.1/1", { wrap: ["unshare", "--pid", "--fork"] }));
    assert.ok(await eventually(() => carrying("3.1/1").length === 1));
    const [inner] = carrying("3.1/1");
    await killOrphans();
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(isAlive(inner as number));
  });

  it("spares another user's process, even as root", {
    skip: root ? false : "needs root",
  }, async () => {
    started.push(sleeper("4.1/1", { uid: 65534 }));
    assert.ok(await eventually(() => carrying("4.1/1").length === 1));
    const [theirs] = carrying("4.1/1");
    await killOrphans();
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(isAlive(theirs as number));
  });
});

describe("killMarkedOf", { skip: linux ? false : "needs /proc" }, () => {
  it("kills what carries each asked marker, many asked at once, and nothing else", async () => {
    const markers = Array.from({ length: 200 }, (_, i) => `7.1/${i}`);
    const asked = markers.map((m) => sleeper(m));
    const other = sleeper("7.1/999");
    try {
      // Each carries its marker once `env` has run `sleep`.
      const all = () => {
        const found = new Set(markers.flatMap((m) => (carrying(m).length > 0 ? [m] : [])));
        return found.size === markers.length && carrying("7.1/999").length === 1;
      };
      assert.ok(await eventually(all, 20_000));
      await Promise.all(markers.map((m) => killMarkedOf(m)));
      // SIGKILLed: gone as soon as the kernel has taken them down.
      assert.ok(await eventually(() => markers.flatMap(carrying).length === 0));
      assert.equal(carrying("7.1/999").length, 1);
      // A later ask starts a sweep of its own.
      await killMarkedOf("7.1/999");
      assert.ok(await eventually(() => carrying("7.1/999").length === 0));
    } finally {
      for (const c of [...asked, other]) c.kill("SIGKILL");
    }
  });
});
