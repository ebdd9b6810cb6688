import { createWriteStream } from "node:fs";
import { chmod, copyFile, mkdir, stat } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type Docker from "dockerode";
import { extract } from "tar-stream";
import { type DockerEngine, isNotFound } from "../engine/engine.js";
import { paceCollection } from "../rpc/gc-pacer.js";

/**
 * Opens an image's files without running it: a created (never started)
 * container, removed when `use` is done. Docker Desktop reads metadata.json,
 * the UI and host binaries out of extension images the same way.
 */
export async function withImageFiles<T>(
  engine: DockerEngine,
  image: string,
  options: {
    /** Put on the short-lived container, so `down` finds it were the process to die. */
    labels?: Record<string, string>;
    /** The most `copy` writes, all calls together. */
    maxCopyBytes?: number;
  },
  use: (files: ImageFiles) => Promise<T>,
): Promise<T> {
  const container = await engine.api.createContainer({
    Image: image,
    // Never run; a command is required for images without CMD (FROM scratch).
    Cmd: ["/metadata.json"],
    Labels: options.labels ?? {},
    HostConfig: { NetworkMode: "none" },
  });
  try {
    return await use(imageFiles(container, options.maxCopyBytes ?? DEFAULT_MAX_COPY_BYTES));
  } finally {
    await container.remove({ force: true, v: true }).catch(() => {});
  }
}

/** Reading files out of an image. */
export interface ImageFiles {
  /** One file's content. */
  read(path: string): Promise<Buffer>;
  /** Copies a file or a folder to `dest` (the folder's content goes into `dest`). */
  copy(path: string, dest: string): Promise<string[]>;
  /** What is at `path` (symlinks followed), without reading it. */
  kind(path: string): Promise<"file" | "folder" | undefined>;
}

/** What `up` copies out of an image at most (`--max-copy`): a UI and its binaries are far less. */
export const DEFAULT_MAX_COPY_BYTES = 2 * 2 ** 30;

/**
 * `copy` counts every byte it writes against `maxCopyBytes`, all calls
 * together: an image's sparse 3 GiB file is 3 GiB of real data on the host
 * (the engine's archive holds the zeros), so the limit is on what is written.
 */
function imageFiles(container: Docker.Container, maxCopyBytes: number): ImageFiles {
  let copied = 0;
  const budget = (path: string, name: string, size: number) => {
    copied += size;
    if (copied > maxCopyBytes) {
      throw new Error(
        `${name} in ${path} takes the files copied out of the image past ${formatMiB(maxCopyBytes)}; up refuses to copy more (--max-copy SIZE allows it)`,
      );
    }
  };
  const archive = async (path: string) => {
    try {
      return (await container.getArchive({ path })) as unknown as Readable;
    } catch (err) {
      if (isNotFound(err)) throw new Error(`the image has no ${path}`);
      throw err;
    }
  };
  return {
    async kind(path) {
      try {
        const res = (await container.infoArchive({ path })) as unknown as {
          headers: Record<string, string>;
          resume(): void;
        };
        res.resume();
        const stat = JSON.parse(
          Buffer.from(res.headers["x-docker-container-path-stat"] ?? "", "base64").toString(),
        ) as { mode: number };
        // Go's os.ModeDir is bit 31.
        return Math.floor(stat.mode / 2 ** 31) % 2 === 1 ? "folder" : "file";
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async read(path) {
      let content: Buffer | undefined;
      await eachEntry(await archive(path), async (entry, body) => {
        if (entry.type !== "file" || content !== undefined) return;
        const chunks: Buffer[] = [];
        let size = 0;
        for await (const c of body) {
          size += (c as Buffer).length;
          if (size > READ_LIMIT) {
            throw new Error(
              `${path} in the image is over ${READ_LIMIT / 2 ** 20} MiB; ddbridge reads only small files whole`,
            );
          }
          chunks.push(c as Buffer);
        }
        content = Buffer.concat(chunks);
      });
      if (content === undefined) throw new Error(`${path} in the image is not a file`);
      return content;
    },
    async copy(path, dest) {
      const written: string[] = [];
      const root = resolve(dest);
      await eachEntry(await archive(path), async (entry, body) => {
        // Entries are named after the last part of `path`: strip it.
        const rel = entry.name.split("/").slice(1).join("/");
        const isSingleFile = entry.name.split("/").filter(Boolean).length === 1;
        const target = isSingleFile ? root : resolve(root, rel);
        if (target !== root && !target.startsWith(root + sep)) {
          throw new Error(`refusing ${entry.name} in ${path}: it points outside the folder`);
        }
        if (entry.type === "directory") {
          await mkdir(target, { recursive: true });
        } else if (entry.type === "file") {
          budget(path, entry.name, entry.size ?? 0);
          await mkdir(dirname(target), { recursive: true });
          // Streamed to disk: an image's UI or binary may be large. Each chunk is garbage once
          // written; paced young-generation collections keep them from piling up (gc-pacer.ts;
          // docker-up.spec.ts holds the peak RSS of a 1 GiB file to that of a 1 MiB one).
          body.on("data", (chunk: Buffer) => paceCollection(chunk.length));
          await pipeline(body, createWriteStream(target));
          await chmod(target, (entry.mode ?? 0o644) & 0o777);
          written.push(target);
        } else if (entry.type === "link" && entry.linkname) {
          // A hard link names an entry already in this archive: copy the file it was.
          const source = resolve(root, entry.linkname.split("/").slice(1).join("/"));
          if (!written.includes(source)) {
            throw new Error(
              `refusing ${entry.name} in ${path}: a hard link to ${entry.linkname}, outside the folder`,
            );
          }
          budget(path, entry.name, (await stat(source)).size);
          await mkdir(dirname(target), { recursive: true });
          await copyFile(source, target);
          written.push(target);
        }
        // Symlinks and devices are not copied: an extension's UI and binaries are plain files.
      });
      return written;
    },
  };
}

type TarHeader = {
  name: string;
  type?: string | null;
  mode?: number;
  size?: number;
  linkname?: string | null;
};

function formatMiB(bytes: number): string {
  return bytes >= 2 ** 30
    ? `${+(bytes / 2 ** 30).toFixed(2)} GiB`
    : `${+(bytes / 2 ** 20).toFixed(2)} MiB`;
}

/** The largest file `read` holds whole (metadata.json, a compose file). */
const READ_LIMIT = 16 * 2 ** 20;

/**
 * Hands each entry of a tar stream to `onEntry` as a stream, in order; what
 * `onEntry` leaves unread is skipped. Any failure (the archive's, or
 * `onEntry`'s) destroys both streams, so the engine's response is released
 * and nothing waits on a stream nobody reads.
 */
async function eachEntry(
  tar: Readable,
  onEntry: (header: TarHeader, body: Readable) => Promise<void>,
): Promise<void> {
  const ex = extract();
  const piping = pipeline(tar, ex);
  piping.catch(() => {});
  try {
    for await (const entry of ex) {
      await onEntry(entry.header as TarHeader, entry as unknown as Readable);
      entry.resume();
    }
    await piping;
  } catch (err) {
    tar.destroy();
    ex.destroy();
    throw err;
  }
}
