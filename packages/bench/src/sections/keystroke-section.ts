import { Target } from "@ddbridge/client";
import type { Browser } from "playwright-core";
import type { BenchRun } from "../bench-run.js";
import {
  browserEcho,
  directEcho,
  type Echo,
  sessionEcho,
  webSocketEcho,
} from "../drivers/keystroke.js";
import { timeInTurns } from "../drivers/measure.js";

/**
 * Keystroke round trip (write one byte, `cat` echoes it) through each client
 * path of `Exec.Session`, against `cat` spawned here with pipes, in turns.
 */
export async function keystrokeSection(run: BenchRun, url: string, browser: Browser) {
  const { sizes, token, say } = run;
  const n = sizes.quick ? 50 : 500;
  const echoes: Record<string, Echo> = {
    direct: await directEcho("cat"),
    grpc: await sessionEcho(url, token, "grpc", Target.HOST, "echo-stdin"),
    connect: await sessionEcho(url, token, "connect", Target.HOST, "echo-stdin"),
    websocket: await webSocketEcho(url, token, Target.HOST, "echo-stdin"),
  };
  const times = await timeInTurns(
    n,
    Object.fromEntries(Object.entries(echoes).map(([k, e]) => [k, () => e.press()])),
  );
  for (const e of Object.values(echoes)) await e.close();
  const page = await browser.newPage();
  await page.goto(`${url}/#ddbridge-token=${token}`);
  const inBrowser = await browserEcho(page, "echo-stdin", n);
  await page.close();
  run.results.keystroke = { ...times, browser: inBrowser, n };
  const base = times.direct!.p50;
  say();
  say(
    "Keystroke round trip (1 byte → cat → echo), host command     p50 ms        p99 ms        vs direct pipe",
  );
  const row = (label: string, t: { p50: number; p99: number }) =>
    say(
      label.padEnd(62) +
        t.p50.toFixed(3).padEnd(14) +
        t.p99.toFixed(3).padEnd(14) +
        (label.startsWith("direct")
          ? "1.00x"
          : `${(t.p50 / base).toFixed(2)}x, +${(t.p50 - base).toFixed(3)} ms`),
    );
  row("direct pipe (cat spawned here)", times.direct!);
  row("Exec.Session, gRPC bidi (Node client)", times.grpc!);
  row("Exec.Session, Connect bidi over HTTP/2 (Node client)", times.connect!);
  row("Exec.Session, WebSocket (Node ws, the browsers' carrier)", times.websocket!);
  row("ddClient exec({stdin}) in Chromium (shim, WebSocket)", inBrowser);
  return { keystrokeWsOverMs: times.websocket!.p50 - base };
}
