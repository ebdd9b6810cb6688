import {
  BRIDGE_CLIENTS,
  CLIENTS,
  type ClientName,
  type MatrixCell,
} from "../drivers/http-matrix.js";

const MiB = 1024 * 1024;

export const sizeLabel = (n: number) =>
  n >= MiB ? `${n / MiB}MiB` : n >= 1024 ? `${n / 1024}KiB` : `${n}B`;

/** The figures of one client in one (size, concurrency) cell, or undefined. */
export function cellOf(
  cells: MatrixCell[],
  size: number,
  concurrency: number,
  client: ClientName,
): MatrixCell | undefined {
  return cells.find((c) => c.size === size && c.concurrency === concurrency && c.client === client);
}

/**
 * The matrix as text. First table: each client's requests per second as a
 * ratio to direct and its p50 overhead over direct in ms. Second: each
 * bridge client's rate as a ratio to each one-hop anchor (nginx, the plain
 * Node proxy): what ddbridge costs beyond a proxy hop.
 */
export function matrixLines(cells: MatrixCell[]): string[] {
  const lines: string[] = [];
  const sizes = [...new Set(cells.map((c) => c.size))];
  const concs = [...new Set(cells.map((c) => c.concurrency))];
  const others = CLIENTS.slice(1);
  const W = 22;
  lines.push(
    `${"body".padEnd(7)}${"conc".padEnd(5)}${"direct rps, p50".padEnd(20)}${others.map((c) => c.padEnd(W)).join("")}`,
  );
  for (const size of sizes) {
    for (const conc of concs) {
      const direct = cellOf(cells, size, conc, "direct")?.result;
      if (!direct) continue;
      const row = others.map((name) => {
        const cell = cellOf(cells, size, conc, name);
        if (!cell) return "n/a".padEnd(W);
        if (cell.failed) return "failed".padEnd(W);
        const r = cell.result;
        const over = r.p50 - direct.p50;
        return `${(r.rps / direct.rps).toFixed(2)}x ${over >= 0 ? "+" : ""}${over.toFixed(2)}ms`.padEnd(
          W,
        );
      });
      lines.push(
        `${sizeLabel(size).padEnd(7)}${String(conc).padEnd(5)}${`${direct.rps.toFixed(0)}/s ${direct.p50.toFixed(2)}ms`.padEnd(20)}${row.join("")}`,
      );
    }
  }
  lines.push("");
  lines.push(
    "The bridge's clients against the one-hop anchors (rps ratio: to nginx / to Node proxy)",
  );
  lines.push(
    `${"body".padEnd(7)}${"conc".padEnd(5)}${BRIDGE_CLIENTS.map((c) => c.padEnd(W)).join("")}`,
  );
  for (const size of sizes) {
    for (const conc of concs) {
      const anchor = (name: "nginx" | "Node proxy") => {
        const cell = cellOf(cells, size, conc, name);
        return cell && !cell.failed ? cell.result.rps : Number.NaN;
      };
      const row = BRIDGE_CLIENTS.map((name) => {
        const cell = cellOf(cells, size, conc, name);
        if (!cell) return "n/a".padEnd(W);
        if (cell.failed) return "failed".padEnd(W);
        const rps = cell.result.rps;
        return `${(rps / anchor("nginx")).toFixed(2)}x / ${(rps / anchor("Node proxy")).toFixed(2)}x`.padEnd(
          W,
        );
      });
      lines.push(`${sizeLabel(size).padEnd(7)}${String(conc).padEnd(5)}${row.join("")}`);
    }
  }
  for (const cell of cells.filter((c) => c.failed)) {
    lines.push(
      `  failed: ${cell.client}, ${sizeLabel(cell.size)} at c=${cell.concurrency}: ${cell.failed}`,
    );
  }
  return lines;
}
