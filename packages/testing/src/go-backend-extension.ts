import { chmod, copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { BUSYBOX_IMAGE } from "./docker.js";

/**
 * Writes the build context of the smallest extension image with a backend:
 * FROM the busybox test image, the Go fixture backend (`backend`, built by
 * {@link buildGoFixtureBackend}) as `vm.image` listening on `NAME.sock`, and
 * its metadata.json. Returns the folder (`parent/NAME`): `ddbridge up` builds it.
 */
export async function goBackendExtension(
  parent: string,
  name: string,
  backend: string,
): Promise<string> {
  const dir = join(parent, name);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "metadata.json"),
    JSON.stringify({
      name,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: filled in by up
      vm: { image: "${DESKTOP_PLUGIN_IMAGE}", exposes: { socket: `${name}.sock` } },
    }),
  );
  await copyFile(backend, join(dir, "backend"));
  await chmod(join(dir, "backend"), 0o755);
  await writeFile(
    join(dir, "Dockerfile"),
    `FROM ${BUSYBOX_IMAGE}\nCOPY backend /backend\nCOPY metadata.json /\nCMD ["/backend", "/run/guest-services/${name}.sock"]\n`,
  );
  return dir;
}
