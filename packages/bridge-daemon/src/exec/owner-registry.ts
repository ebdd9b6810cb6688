import { lstat, mkdir, readdir, readFile, readlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ownerAlive, ownerMarker } from "./run-marker.js";

/**
 * Where this user's daemons note themselves (`<pid>.<start time>` → their
 * PID namespace), so a later start sweeps only what a daemon it can vouch
 * for left behind: one of this user, in this PID namespace, now gone.
 * Commands of a daemon elsewhere (another namespace, a container) or
 * processes that merely set the variable are never taken for orphans.
 */
export function registryDir(): string {
  return join(tmpdir(), `ddbridge-owners-${process.getuid?.() ?? "user"}`);
}

/** The folder, if it is this user's own and nobody else can write to it; else undefined. */
async function ownDir(create: boolean): Promise<string | undefined> {
  const dir = registryDir();
  if (create) await mkdir(dir, { recursive: true, mode: 0o700 }).catch(() => {});
  const info = await lstat(dir).catch(() => undefined);
  const uid = process.getuid?.();
  if (!info?.isDirectory() || (uid !== undefined && info.uid !== uid) || info.mode & 0o022) {
    return undefined;
  }
  return dir;
}

async function ownNamespace(): Promise<string> {
  return readlink("/proc/self/ns/pid").catch(() => "");
}

/** Notes this process as a daemon whose commands a later start may sweep once it is gone. */
export async function registerOwner(): Promise<void> {
  const dir = await ownDir(true);
  if (!dir) return;
  await writeFile(join(dir, ownerMarker()), await ownNamespace(), { mode: 0o600 }).catch(() => {});
}

/** Noted daemons of this PID namespace that no longer run (`<pid>.<start time>`). */
export async function goneOwners(): Promise<string[]> {
  const dir = await ownDir(false);
  if (!dir) return [];
  const ns = await ownNamespace();
  const gone: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!/^\d+\.\d+$/.test(name)) continue;
    const theirs = await readFile(join(dir, name), "utf8").catch(() => undefined);
    if (theirs === ns && !ownerAlive(`${name}/`)) gone.push(name);
  }
  return gone;
}

/** Drops a swept daemon's note. */
export async function forgetOwner(owner: string): Promise<void> {
  const dir = await ownDir(false);
  if (dir) await unlink(join(dir, owner)).catch(() => {});
}
