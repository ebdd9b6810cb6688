/** The docker CLI's `--format '{{json .}}'` output: one JSON object per line. */
export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** A field of a JSON row as text ("" when absent). */
export function field(row: Record<string, unknown>, name: string): string {
  const v = row[name];
  return v === undefined || v === null ? "" : String(v);
}
