import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { DDBRIDGE_BIN } from "@ddbridge/testing";
import { timeInTurns } from "./measure.js";

const run = promisify(execFile);

/**
 * Cold start of the `ddbridge` command against bare Node, in turns: `ddbridge
 * --help` (what each command pays before its own work) and `node -e 0`.
 */
export async function coldStart(n: number) {
  const t = await timeInTurns(n, {
    help: () => run(process.execPath, [DDBRIDGE_BIN, "--help"]),
    node: () => run(process.execPath, ["-e", "0"]),
  });
  return { helpMs: t.help.p50, nodeMs: t.node.p50, ratio: t.help.p50 / t.node.p50 };
}
