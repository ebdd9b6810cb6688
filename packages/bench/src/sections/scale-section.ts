import { type BenchRun, MiB } from "../bench-run.js";
import type { LoadResult } from "../drivers/measure.js";
import { manyCallers, openStreams } from "../drivers/scale.js";

/** Many open exec streams (RSS per 1,000, cleanup), many concurrent callers, one long stream. */
export async function scaleSection(
  run: BenchRun,
  longStream: { bytes: number; bridgeMiBps: number; directMiBps: number; peakMiB: number },
) {
  const { sizes, say } = run;
  const setup = { args: run.daemonArgs, env: run.env, token: run.token };
  const open = await openStreams(setup, sizes.openStreams);
  const many = await manyCallers(setup, run.socketPath, sizes.callers, sizes.cellSeconds);
  (run.results.memory as Record<string, unknown>).openStreams = open;
  run.results.scale = { longStream, manyCallers: many };
  say();
  say("Scale");
  for (const a of open.at) {
    say(
      `${String(a.open).padStart(6)} open exec streams: RSS ${a.rssMiB.toFixed(0)} MiB (from ${open.beforeMiB.toFixed(0)}), ${a.perThousandMiB.toFixed(1)} MiB per 1,000`,
    );
  }
  const last = open.at.at(-1)!;
  if (open.limitedBy) say(`  (fewer than ${sizes.openStreams.at(-1)}: ${open.limitedBy})`);
  say(
    `  per 1,000 at ${last.open} / at ${open.at[0]!.open}: ${(last.perThousandMiB / open.at[0]!.perThousandMiB).toFixed(2)}x (1.00x: linear); ${open.leftRunning} processes left after cancelling them all (gone in ${(open.cleanupMs / 1000).toFixed(1)} s)`,
  );
  const ratio = (a: LoadResult, b: LoadResult) => (a.rps / b.rps).toFixed(2);
  say(
    `${many.callers} concurrent vm.service callers (100 B): ${many.bridge.rps.toFixed(0)} req/s, ${ratio(many.bridge, many.direct)}x direct (${many.direct.rps.toFixed(0)}/s), p50 ${many.bridge.p50.toFixed(1)} ms p99 ${many.bridge.p99.toFixed(1)} ms, ${many.failed} failed, daemon peak RSS ${many.peakMiB.toFixed(0)} MiB`,
  );
  const { bytes, bridgeMiBps, directMiBps, peakMiB } = longStream;
  say(
    `one exec stream of ${bytes / 1024 / MiB} GiB: ${bridgeMiBps.toFixed(0)} MiB/s, ${(bridgeMiBps / directMiBps).toFixed(2)}x a direct pipe reader (${directMiBps.toFixed(0)} MiB/s), daemon peak RSS ${peakMiB.toFixed(0)} MiB`,
  );
  return { perThousand: last.perThousandMiB };
}
