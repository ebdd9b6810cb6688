import { type BenchRun, MiB } from "../bench-run.js";
import type { MatrixCell } from "../drivers/http-matrix.js";
import { cellOf } from "../report/matrix-table.js";

/** The figures of one run that the goals read. */
export interface GoalInputs {
  cells: MatrixCell[];
  plainCells: MatrixCell[];
  webOverStatic: number;
  execRatio: number;
  execOverheadMs: number;
  idle: number;
  peak: number;
  perThousand: number;
  coldRatio: number;
}

/** The performance goals (issue 29), each checked against a ratio from this same run. */
export function goalsSection(run: BenchRun, f: GoalInputs): void {
  const bridge = "@ddbridge/client";
  const rpsRatio = (size: number, conc: number, client: string, to = "direct") => {
    const a = cellOf(f.cells, size, conc, client as "direct");
    const b = cellOf(f.cells, size, conc, to as "direct");
    return a && b && !a.failed ? a.result.rps / b.result.rps : Number.NaN;
  };
  const a = cellOf(f.cells, 100, 1, bridge as "direct")?.result.p50;
  const d = cellOf(f.cells, 100, 1, "direct")?.result.p50;
  const overhead100 = a === undefined || d === undefined ? Number.NaN : a - d;
  const failedCells = [...f.cells, ...f.plainCells].filter((c) => c.failed).length;
  const nginx64 = rpsRatio(100, 64, "nginx");
  type Goal = [name: string, value: number, text: string, met: boolean];
  const goals: Goal[] = [
    ["100 B c=1 p50 overhead over direct (ms)", overhead100, "≤ 0.30", overhead100 <= 0.3],
    ["  stretch", overhead100, "≤ 0.15", overhead100 <= 0.15],
    [
      "100 B c=64 rps / direct",
      rpsRatio(100, 64, bridge),
      "≥ 0.7",
      rpsRatio(100, 64, bridge) >= 0.7,
    ],
    [
      "  stretch: nginx's ratio",
      rpsRatio(100, 64, bridge),
      `≥ ${nginx64.toFixed(2)}`,
      rpsRatio(100, 64, bridge) >= nginx64,
    ],
    ...[1, 64].flatMap((c): Goal[] => [
      [
        `4 MiB c=${c} rps / direct`,
        rpsRatio(4 * MiB, c, bridge),
        "≥ 0.5",
        rpsRatio(4 * MiB, c, bridge) >= 0.5,
      ],
      [
        "  stretch: nginx's ratio",
        rpsRatio(4 * MiB, c, bridge),
        `≥ ${rpsRatio(4 * MiB, c, "nginx").toFixed(2)}`,
        rpsRatio(4 * MiB, c, bridge) >= rpsRatio(4 * MiB, c, "nginx"),
      ],
    ]),
    [
      "Connect-Web c=1 100 B p50 over a static fetch (ms)",
      f.webOverStatic,
      "≤ 0.5",
      f.webOverStatic <= 0.5,
    ],
    ["exec stream throughput / direct pipe", f.execRatio, "≥ 0.85", f.execRatio >= 0.85],
    ["host exec latency overhead (ms)", f.execOverheadMs, "≤ 0.5", f.execOverheadMs <= 0.5],
    ["idle RSS (MiB)", f.idle, "< 60", f.idle < 60],
    ["peak RSS streaming to a slow reader (MiB)", f.peak, "< 90", f.peak < 90],
    ["RSS per 1,000 open exec streams (MiB)", f.perThousand, "< 50", f.perThousand < 50],
    ["failed cells, both matrices", failedCells, "0", failedCells === 0],
    ["cold start, ddbridge --help / node -e 0", f.coldRatio, "≤ 2", f.coldRatio <= 2],
  ];
  run.results.goals = goals.map(([name, value, goal, met]) => ({ name, value, goal, met }));
  run.say();
  run.say("Goals");
  for (const [name, value, goal, met] of goals) {
    run.say(
      `${met ? "met    " : "missed "} ${name.padEnd(48)} ${value.toFixed(2).padEnd(8)} goal ${goal}`,
    );
  }
}
