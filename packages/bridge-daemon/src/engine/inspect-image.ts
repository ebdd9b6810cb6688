import type { Readable } from "node:stream";
import type Docker from "dockerode";
import type { DockerEngine } from "./engine.js";

/** The most of an image's configuration ddbridge reads: labels and metadata fit many times over. */
export const MAX_IMAGE_CONFIG_BYTES = 16 * 1024 * 1024;

/**
 * `GET /images/NAME/json`, read only up to `maxBytes`: an image whose
 * configuration is larger (a 200 MiB label took `validate` to 892 MiB of
 * RSS) is refused with a clear error instead of being parsed whole. Errors
 * are dockerode's (a 404 is `isNotFound`).
 */
export async function inspectImage(
  engine: DockerEngine,
  name: string,
  maxBytes = MAX_IMAGE_CONFIG_BYTES,
): Promise<Docker.ImageInspectInfo> {
  const stream = await new Promise<Readable>((resolve, reject) =>
    engine.api.modem.dial(
      {
        path: `/images/${name}/json`,
        method: "GET",
        options: {},
        isStream: true,
        statusCodes: { 200: true, 404: "no such image", 500: "server error" },
      },
      (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as Readable)),
    ),
  );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      stream.destroy();
      throw new Error(
        `the configuration of image ${name} is larger than ${maxBytes >= 2 ** 20 ? `${maxBytes / 2 ** 20} MiB` : `${maxBytes / 1024} KiB`} (labels that large are not an extension's): refused`,
      );
    }
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8")) as Docker.ImageInspectInfo;
}
