import { createClient } from "@connectrpc/connect";
import { Exec } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import { type BenchRun, MiB } from "../bench-run.js";
import { benchDockerExec } from "../drivers/docker-exec.js";
import { bridgeRun, drainChild, expectBytes } from "../drivers/exec-drivers.js";
import { timeEach } from "../drivers/measure.js";

/** Host exec latency and stream throughput, direct vs both daemons; VM exec vs docker exec. */
export async function execSection(run: BenchRun, url: string, plainUrl: string) {
  const { sizes, token, say } = run;
  const exec = createClient(Exec, createNodeTransport({ url, token }));
  const execPlain = createClient(Exec, createNodeTransport({ url: plainUrl, token }));
  const spawnDirect = await timeEach(sizes.execN, () => drainChild(["args", "x"]));
  const spawnBridge = await timeEach(sizes.execN, () => bridgeRun(exec, "args", ["x"]));
  const spawnPlain = await timeEach(sizes.execN, () => bridgeRun(execPlain, "args", ["x"]));
  const bytes = sizes.streamBytes;
  const rate = async (go: () => Promise<number>) => {
    const t = performance.now();
    expectBytes(await go(), bytes);
    return bytes / MiB / ((performance.now() - t) / 1000);
  };
  const directRate = await rate(() => drainChild(["spew", String(bytes)]));
  const bridgeRate = await rate(() => bridgeRun(exec, "spew", [String(bytes)]));
  const plainRate = await rate(() => bridgeRun(execPlain, "spew", [String(bytes)]));
  const results: Record<string, unknown> = {
    latency: { direct: spawnDirect, bridge: spawnBridge, noFastPath: spawnPlain, n: sizes.execN },
    stream: { bytes, directMiBps: directRate, bridgeMiBps: bridgeRate, noFastPathMiBps: plainRate },
  };
  run.results.exec = results;
  say();
  say(
    "Exec                                       direct        ddbridge      ratio         --no-fast-path",
  );
  say(
    `host binary spawn→close p50 (ms)           ${spawnDirect.p50.toFixed(2).padEnd(14)}${spawnBridge.p50.toFixed(2).padEnd(14)}${`+${(spawnBridge.p50 - spawnDirect.p50).toFixed(2)} ms`.padEnd(14)}+${(spawnPlain.p50 - spawnDirect.p50).toFixed(2)} ms`,
  );
  say(
    `stdout ${bytes / MiB} MiB (MiB/s)`.padEnd(43) +
      `${directRate.toFixed(0).padEnd(14)}${bridgeRate.toFixed(0).padEnd(14)}${`${(bridgeRate / directRate).toFixed(2)}x`.padEnd(14)}${(plainRate / directRate).toFixed(2)}x`,
  );
  const vm = await benchDockerExec({
    n: sizes.quick ? 10 : 100,
    bytes,
    daemonArgs: run.daemonArgs,
    env: run.env,
    token,
  });
  results.vmVsDockerExec = vm;
  if (typeof vm === "string") {
    say(`VM exec vs docker exec                     n/a: ${vm}`);
  } else {
    const { latency: l, stream: st } = vm;
    say(
      "VM exec (Docker runner)                    docker exec   Engine API    ddbridge      vs docker exec  vs Engine API",
    );
    say(
      "exec spawn→close p50 (ms)".padEnd(43) +
        [l.docker.p50, l.api.p50, l.bridge.p50].map((v) => v.toFixed(2).padEnd(14)).join("") +
        `${(l.bridge.p50 / l.docker.p50).toFixed(2)}x`.padEnd(16) +
        `${(l.bridge.p50 / l.api.p50).toFixed(2)}x`,
    );
    say(
      `stdout ${st.bytes / MiB} MiB (MiB/s)`.padEnd(43) +
        [st.dockerMiBps, st.apiMiBps, st.bridgeMiBps].map((v) => v.toFixed(0).padEnd(14)).join("") +
        `${(st.bridgeMiBps / st.dockerMiBps).toFixed(2)}x`.padEnd(16) +
        `${(st.bridgeMiBps / st.apiMiBps).toFixed(2)}x`,
    );
    const k = vm.keystroke;
    for (const [label, t] of [
      ["keystroke round trip p50 (ms), gRPC bidi", k.grpc],
      ["keystroke round trip p50 (ms), WebSocket", k.websocket],
    ] as const) {
      say(
        label.padEnd(43) +
          `${k.docker.p50.toFixed(3).padEnd(14)}${"-".padEnd(14)}${t.p50.toFixed(3).padEnd(14)}` +
          `${(t.p50 / k.docker.p50).toFixed(2)}x`,
      );
    }
  }
  return {
    execRatio: bridgeRate / directRate,
    execOverheadMs: spawnBridge.p50 - spawnDirect.p50,
  };
}
