import { connectEngine } from "../engine/engine.js";
import { listInstalled } from "../install/list-installed.js";
import { stateDir } from "./resolve-config.js";
import { printable } from "./terminal-text.js";

/** `ddbridge ls [--json]`: what `up` installed, as a table or one JSON array. */
export async function runLs(flags: {
  json?: boolean;
  "docker-host"?: string;
  context?: string;
}): Promise<number> {
  const list = await listInstalled(
    connectEngine({ host: flags["docker-host"], context: flags.context }),
    stateDir(),
  );
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  if (list.length === 0) {
    process.stdout.write("no extensions installed (ddbridge up IMAGE|DIR installs one)\n");
    return 0;
  }
  const rows = [
    ["NAME", "IMAGE", "STATE", "URL"],
    // Names and images come from images: escaped, so none can forge a row or drive the terminal.
    ...list.map((e) => [e.name, e.image, e.state, e.url ?? "-"].map((c) => printable(c))),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) {
    process.stdout.write(
      `${r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd()}\n`,
    );
  }
  return 0;
}
