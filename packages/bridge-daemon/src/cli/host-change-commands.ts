import { askHost, hostRunning } from "../host/control-client.js";
import { runDown } from "./down-command.js";
import type { CliFlags } from "./flags.js";
import { stateDir } from "./resolve-config.js";
import { printable } from "./terminal-text.js";
import { UsageError } from "./usage-error.js";

/** `ddbridge up SOURCE` while a host runs in `home`: installed into it, served beside the others. */
export async function addToHost(home: string, source: string, yes: boolean): Promise<number> {
  const answer = await withLog(askHost(home, "POST", "/extensions", { source, yes }), "up");
  const ext = answer.extension as { image: string; url: string; label: string };
  process.stdout.write(
    `${printable(ext.image)} is served by the host at ${ext.url}\nRemove it with: ddbridge rm ${ext.label}\n`,
  );
  return 0;
}

/**
 * `ddbridge rm NAME [--volumes]`: stops serving one extension of the running
 * host and removes what its `up` made, while the others keep serving.
 * Without a host, what `down NAME` does.
 */
export async function runRm(positionals: string[], flags: CliFlags): Promise<number> {
  const [name, ...extra] = positionals;
  if (!name || extra.length) throw new UsageError("rm takes one NAME (ddbridge ls lists them)");
  const home = stateDir();
  if (!(await hostRunning(home))) return runDown(positionals, flags);
  const answer = await withLog(
    askHost(
      home,
      "DELETE",
      `/extensions/${encodeURIComponent(name)}${flags.volumes ? "?volumes=1" : ""}`,
    ),
    "rm",
  );
  const removed = (answer.removed as string[] | undefined) ?? [];
  for (const what of removed) process.stdout.write(`removed ${printable(what)}\n`);
  process.stdout.write(`${printable(name)} is no longer served\n`);
  return 0;
}

/**
 * `ddbridge update NAME`: installs the extension's image again (a folder is
 * rebuilt), restarts its backend and serves it on the same origin with the
 * same token, its volumes kept; the other extensions keep serving.
 */
export async function runUpdate(positionals: string[], flags: CliFlags): Promise<number> {
  const [name, ...extra] = positionals;
  if (!name || extra.length) throw new UsageError("update takes one NAME (ddbridge ls lists them)");
  const home = stateDir();
  if (!(await hostRunning(home))) {
    throw new UsageError(
      `no ddbridge host runs in ${home}: update works on a running host (ddbridge up A B, or ddbridge host); a single up is updated by running it again`,
    );
  }
  const answer = await withLog(
    askHost(home, "POST", `/extensions/${encodeURIComponent(name)}/update`, {
      yes: flags.yes === true,
    }),
    "update",
  );
  const ext = answer.extension as { image: string; url: string };
  process.stdout.write(`${printable(ext.image)} is updated and served at ${ext.url}\n`);
  return 0;
}

/** The host's progress lines on stderr, whether the change worked or not. */
async function withLog<T extends { log?: string[] }>(
  call: Promise<T>,
  command: string,
): Promise<T> {
  const print = (lines: string[] | undefined) => {
    for (const line of lines ?? []) {
      process.stderr.write(`ddbridge ${command}: ${printable(line, { keepNewlines: true })}\n`);
    }
  };
  try {
    const answer = await call;
    print(answer.log);
    return answer;
  } catch (err) {
    print((err as { log?: string[] }).log);
    throw err;
  }
}
