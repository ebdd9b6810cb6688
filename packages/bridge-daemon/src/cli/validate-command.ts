import { readFile, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { connectEngine, type EngineChoice, isNotFound } from "../engine/engine.js";
import { inspectImage } from "../engine/inspect-image.js";
import { isDirectory } from "../fs/is-directory.js";
import { withImageFiles } from "../install/image-files.js";
import { underFolder } from "../metadata/image-path.js";
import {
  dockerfileLabels,
  type Problem,
  validateLabels,
  validateMetadata,
} from "../metadata/validate-metadata.js";
import { printable } from "./terminal-text.js";
import { UsageError } from "./usage-error.js";

/**
 * `ddbridge validate DIR|PATH/metadata.json|IMAGE`: metadata.json against
 * Docker's schema, and the labels (of the image, or of DIR's Dockerfile).
 * A metadata.json file, or a folder without a Dockerfile, is checked before
 * any image exists, as `docker extension validate metadata.json` does: the
 * labels are then said to be unchecked, not counted as a problem. One line
 * per problem; exit 1 if any.
 */
export async function runValidate(
  positionals: string[],
  flags: { "docker-host"?: string; context?: string },
): Promise<number> {
  const [target, ...extra] = positionals;
  if (!target || extra.length) {
    throw new UsageError("validate takes one DIR, PATH/metadata.json or IMAGE");
  }
  const { problems, note }: Checked = (await isDirectory(target))
    ? await validateFolder(resolve(target))
    : target.endsWith(".json") && (await isFile(target))
      ? await validateMetadataFile(resolve(target))
      : {
          problems: await validateImage(target, {
            host: flags["docker-host"],
            context: flags.context,
          }),
        };
  for (const p of problems)
    process.stdout.write(`${printable(p.field)}: ${printable(p.message)}\n`);
  if (problems.length > 0) {
    process.stderr.write(`${target}: ${problems.length} problem(s)\n`);
    return 1;
  }
  process.stdout.write(`${target}: valid extension${note ? ` (${note})` : ""}\n`);
  return 0;
}

/** The result of a check: problems, and what was left unchecked. */
interface Checked {
  problems: Problem[];
  note?: string;
}

async function validateFolder(dir: string): Promise<Checked> {
  const problems = await validateMetadataIn(dir, join(dir, "metadata.json"));
  const dockerfile = await readFile(join(dir, "Dockerfile"), "utf8").catch(() => undefined);
  if (dockerfile === undefined) {
    return { problems, note: "labels not checked: no Dockerfile in the folder" };
  }
  return { problems: [...problems, ...validateLabels(dockerfileLabels(dockerfile))] };
}

/** A metadata.json named directly: the files it names are looked up beside it. */
async function validateMetadataFile(file: string): Promise<Checked> {
  return {
    problems: await validateMetadataIn(dirname(file), file),
    note: "metadata only: labels are checked on a folder with a Dockerfile or an image",
  };
}

/** metadata.json at `file`, the files it names looked up under `dir`. */
async function validateMetadataIn(dir: string, file: string): Promise<Problem[]> {
  const metadata = await parseJson(() => readFile(file, "utf8"));
  if ("problem" in metadata) return [metadata.problem];
  return validateMetadata(metadata.value, async (path) => {
    const info = await stat(underFolder(dir, path)).catch(() => undefined);
    return info?.isDirectory() ? "folder" : info?.isFile() ? "file" : undefined;
  });
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

async function validateImage(image: string, choice: EngineChoice): Promise<Problem[]> {
  const engine = connectEngine(choice);
  const info = await inspectImage(engine, image).catch((err) => {
    if (!isNotFound(err)) throw err;
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
