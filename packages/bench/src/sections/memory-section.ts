import { createClient } from "@connectrpc/connect";
import { Exec, HttpService } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import { spawnDaemon } from "@ddbridge/testing";
import { type BenchRun, MiB } from "../bench-run.js";
import { bridgeRun, drainChild, expectBytes } from "../drivers/exec-drivers.js";
import { memory, timeEach } from "../drivers/measure.js";

/**
 * The daemon's memory, each figure from a fresh daemon so peaks are its
 * own: idle, a stream to a slow reader, the first call (imports deferred
 * until it), and one long stream with its throughput.
 */
export async function memorySection(run: BenchRun) {
  const { sizes, token, say } = run;
  const fresh = async <T>(measure: (url: string, pid: number) => Promise<T>): Promise<T> => {
    const daemon = await spawnDaemon(run.daemonArgs, run.env);
    daemon.child.stderr!.resume();
    try {
      return await measure(daemon.url, daemon.child.pid!);
    } finally {
      daemon.child.kill("SIGTERM");
      await daemon.exit;
    }
  };

  const { idle, peak } = await fresh(async (url, pid) => {
    const idle = memory(pid, "VmRSS");
    const slow = createClient(Exec, createNodeTransport({ url, token }));
    expectBytes(await bridgeRun(slow, "spew", [String(sizes.streamBytes)], 100), sizes.streamBytes);
    return { idle, peak: memory(pid, "VmHWM") };
  });

  const first = await fresh(async (url, pid) => {
    const client = createClient(HttpService, createNodeTransport({ url, token }));
    const idleMiB = memory(pid, "VmRSS");
    const t = performance.now();
    await client.call({ path: "/large?bytes=100" });
    const ms = performance.now() - t;
    const afterMiB = memory(pid, "VmRSS");
    const next = await timeEach(20, () => client.call({ path: "/large?bytes=100" }));
    return { idleMiB, afterMiB, ms, nextP50Ms: next.p50 };
  });

  const longBytes = sizes.longStreamBytes;
  const long = await fresh(async (url, pid) => {
    const exec = createClient(Exec, createNodeTransport({ url, token }));
    const t = performance.now();
    expectBytes(await bridgeRun(exec, "spew", [String(longBytes)]), longBytes);
    return {
      bridgeMiBps: longBytes / MiB / ((performance.now() - t) / 1000),
      peakMiB: memory(pid, "VmHWM"),
    };
  });
  const t = performance.now();
  expectBytes(await drainChild(["spew", String(longBytes)]), longBytes);
  const longDirect = longBytes / MiB / ((performance.now() - t) / 1000);

  run.results.memory = {
    slowReader: { bytes: sizes.streamBytes, readerMiBps: 100, idleMiB: idle, peakMiB: peak },
    firstCall: first,
  };
  say();
  say("Memory (daemon)");
  say(
    `peak RSS, ${sizes.streamBytes / MiB} MiB to a 100 MiB/s reader: ${peak.toFixed(0)} MiB (idle ${idle.toFixed(0)} MiB)`,
  );
  say(
    `first vm.service call (loads undici): ${first.ms.toFixed(1)} ms, the next p50 ${first.nextP50Ms.toFixed(2)} ms; RSS ${first.idleMiB.toFixed(0)} → ${first.afterMiB.toFixed(0)} MiB`,
  );
  return {
    idle,
    peak,
    longStream: { bytes: longBytes, ...long, directMiBps: longDirect },
  };
}
