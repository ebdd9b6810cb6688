import { readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { connectEngine } from "../engine/engine.js";
import { isDirectory } from "../fs/is-directory.js";
import { withImageFiles } from "../install/image-files.js";
import { underFolder } from "../metadata/image-path.js";
import {
  dockerfileLabels,
  type Problem,
  validateLabels,
  validateMetadata,
} from "../metadata/validate-metadata.js";
import { UsageError } from "./usage-error.js";

/**
 * `ddbridge validate DIR|IMAGE`: metadata.json against Docker's schema, and
 * the labels (of the image, or of DIR's Dockerfile). One line per problem;
 * exit 1 if any.
 */
export async function runValidate(
  positionals: string[],
  flags: { "docker-host"?: string },
): Promise<number> {
  const [target, ...extra] = positionals;
  if (!target || extra.length) throw new UsageError("validate takes one DIR or IMAGE");
  const problems = (await isDirectory(target))
    ? await validateFolder(resolve(target))
    : await validateImage(target, flags["docker-host"]);
  for (const p of problems) process.stdout.write(`${p.field}: ${p.message}\n`);
  if (problems.length > 0) {
    process.stderr.write(`${target}: ${problems.length} problem(s)\n`);
    return 1;
  }
  process.stdout.write(`${target}: valid extension\n`);
  return 0;
}

async function validateFolder(dir: string): Promise<Problem[]> {
  const metadata = await parseJson(() => readFile(join(dir, "metadata.json"), "utf8"));
  if ("problem" in metadata) return [metadata.problem];
  const problems = await validateMetadata(metadata.value, async (path) => {
    const info = await stat(underFolder(dir, path)).catch(() => undefined);
    return info?.isDirectory() ? "folder" : info?.isFile() ? "file" : undefined;
  });
  const dockerfile = await readFile(join(dir, "Dockerfile"), "utf8").catch(() => undefined);
  if (dockerfile === undefined) {
    problems.push({
      field: "Dockerfile",
      message: "missing: the image's labels cannot be checked",
    });
  } else {
    problems.push(...validateLabels(dockerfileLabels(dockerfile)));
  }
  return problems;
}

async function validateImage(image: string, dockerHost: string | undefined): Promise<Problem[]> {
  const engine = connectEngine(dockerHost);
  const info = await engine.api
    .getImage(image)
    .inspect()
    .catch((err) => {
      throw new Error(`no image ${image} on the engine (${(err as Error).message})`);
    });
  const problems = validateLabels(info.Config?.Labels ?? {});
  const fromImage = await withImageFiles(engine, image, {}, async (files) => {
    const metadata = await parseJson(async () =>
      (await files.read("/metadata.json")).toString("utf8"),
    );
    if ("problem" in metadata) return [metadata.problem];
    return validateMetadata(metadata.value, (path) => files.kind(`/${path.replace(/^\/+/, "")}`));
  });
  return [...fromImage, ...problems];
}

async function parseJson(
  read: () => Promise<string>,
): Promise<{ value: unknown } | { problem: Problem }> {
  let text: string;
  try {
    text = await read();
  } catch (err) {
    return { problem: { field: "metadata.json", message: `missing (${(err as Error).message})` } };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { problem: { field: "metadata.json", message: `not JSON: ${(err as Error).message}` } };
  }
}
