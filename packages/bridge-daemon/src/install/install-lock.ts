import { mkdir, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";

/**
 * Takes the lock of one extension's install (`HOME/extensions/.SLUG.lock`,
 * beside its folder, which `up` may remove and make again): a second `up` of
 * the same extension in this home fails at once instead of both failing
 * half-way. A lock whose process is gone is taken over. Resolves to its
 * release.
 */
export async function lockInstall(home: string, slug: string): Promise<() => Promise<void>> {
  const folder = join(home, "extensions");
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const file = join(folder, `.${slug}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, "wx", 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const pid = Number(await readFile(file, "utf8").catch(() => ""));
      if (pid > 0 && alive(pid)) {
        throw new Error(
          `another ddbridge up (pid ${pid}) is installing ${slug} in ${home}: wait for it, or stop it`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new Error(`cannot take the install lock of ${slug} in ${home}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
