import type { BenchRun } from "../bench-run.js";
import { benchExtensionHost } from "../drivers/extension-host.js";

/**
 * Many extensions on one host (`ddbridge host`): RSS per hosted extension
 * beside one extension in a daemon of its own, idle and with one stream
 * each, and the time to install one more while the first streams.
 */
export async function hostSection(run: BenchRun) {
  const { say } = run;
  const r = await benchExtensionHost(run.sizes.quick ? 3 : 10);
  say();
  say("Several extensions on one host");
  if (typeof r === "string") {
    say(`left out: ${r}`);
    return;
  }
  run.results.host = r;
  const per = (total: number) => (total - r.host.emptyMiB) / r.extensions;
  const idlePer = per(r.host.idleMiB);
  const streamingPer = per(r.host.streamingMiB);
  say(
    `${r.extensions} extensions, idle: host RSS ${r.host.idleMiB.toFixed(0)} MiB (empty ${r.host.emptyMiB.toFixed(0)}), ${idlePer.toFixed(1)} MiB per extension; one extension in its own daemon: ${r.single.idleMiB.toFixed(0)} MiB (${(idlePer / r.single.idleMiB).toFixed(2)}x)`,
  );
  say(
    `with one stream each: host RSS ${r.host.streamingMiB.toFixed(0)} MiB, ${streamingPer.toFixed(1)} MiB per extension; its own daemon: ${r.single.streamingMiB.toFixed(0)} MiB (${(streamingPer / r.single.streamingMiB).toFixed(2)}x)`,
  );
  const [, second, ...rest] = r.addMs;
  say(
    `up of the second extension into the host while the first streams: ${((second ?? 0) / 1000).toFixed(2)} s (a standalone up of one: ${(r.single.upMs / 1000).toFixed(2)} s, ${((second ?? 0) / r.single.upMs).toFixed(2)}x); the first streamed ${r.ticksDuringAdd} lines meanwhile${rest.length ? `; later ones ${(rest.reduce((a, b) => a + b, 0) / rest.length / 1000).toFixed(2)} s each` : ""}`,
  );
}
