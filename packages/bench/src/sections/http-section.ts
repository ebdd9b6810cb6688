import { newPage } from "@ddbridge/testing";
import type { Browser } from "playwright-core";
import { type BenchRun, signed } from "../bench-run.js";
import {
  type ExternalClients,
  type MatrixCell,
  runHttpMatrix,
  webFloorInPage,
} from "../drivers/http-matrix.js";
import { matrixLines } from "../report/matrix-table.js";

/**
 * The HTTP matrix through the default daemon, then the connect-node-only
 * one, beside the direct client and the one-hop anchors; then Connect-Web
 * against Chromium's own fetch of a static file (its floor).
 */
export async function httpSection(
  run: BenchRun,
  daemons: { url: string; plainUrl: string },
  browser: Browser,
  external: ExternalClients,
  anchors: Record<string, string>,
) {
  const { say, sizes, token } = run;
  const matrix = async (title: string, url: string) => {
    const page = await newPage(browser);
    await page.goto(`${url}/#ddbridge-token=${token}`);
    say();
    say(
      `HTTP GET through the bridge (${title}) vs a direct keep-alive client on the backend socket (${sizes.cellSeconds}s per cell)`,
    );
    say("each cell: requests/s as a ratio to direct, p50 latency over direct");
    const cells: MatrixCell[] = await runHttpMatrix({
      socketPath: run.socketPath,
      url,
      token,
      page,
      seconds: sizes.cellSeconds,
      external,
      anchors,
    });
    for (const line of matrixLines(cells)) say(line);
    const webFloor = await webFloorInPage(page, "/index.html", sizes.cellSeconds * 2);
    await page.close();
    return { cells, webFloor };
  };
  const { cells, webFloor } = await matrix("hot path, the default", daemons.url);
  const { cells: plainCells } = await matrix("--no-fast-path: connect-node only", daemons.plainUrl);
  run.results.http = cells;
  run.results.httpNoFastPath = plainCells;
  run.results.connectWebFloor = webFloor;
  const webOverStatic = webFloor.connectWebP50 - webFloor.staticP50;
  say();
  say(
    `Connect-Web 100 B, one at a time, in turns with Chromium's fetch of a static file from the same daemon (${webFloor.calls} each): p50 ${webFloor.connectWebP50.toFixed(2)} ms vs ${webFloor.staticP50.toFixed(2)} ms, ${signed(webOverStatic)} ms`,
  );
  return { cells, plainCells, webOverStatic };
}
