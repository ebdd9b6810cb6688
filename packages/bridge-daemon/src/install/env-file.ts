/**
 * Reads an `env_file` as Compose does: `KEY=VALUE` lines, `#` comments and
 * blank lines skipped, an optional `export `, a value in single quotes taken
 * literally, in double quotes with `\n`, `\"` and `\\` escapes, unquoted
 * with a trailing ` #comment` dropped; a bare `KEY` passes KEY through unset.
 * Values are not interpolated: nothing from the host environment gets in.
 */
export function parseEnvFile(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim().replace(/^export\s+/, "");
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq < 0) {
      out.push(line);
      continue;
    }
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    const q = value[0];
    if ((q === "'" || q === '"') && value.lastIndexOf(q) > 0) {
      value = value.slice(1, value.lastIndexOf(q));
      if (q === '"')
        value = value.replace(/\\(["\\n])/g, (_m, c: string) => (c === "n" ? "\n" : c));
    } else {
      value = value.replace(/\s+#.*$/, "");
    }
    out.push(`${key}=${value}`);
  }
  return out;
}

/** `env_file` entries in order, then `environment`: a later entry for a key wins. */
export function withEnvFiles(files: string[][], environment: string[]): string[] {
  const byKey = new Map<string, string>();
  for (const entry of [...files.flat(), ...environment]) {
    const eq = entry.indexOf("=");
    byKey.set(eq < 0 ? entry : entry.slice(0, eq), entry);
  }
  return [...byKey.values()];
}
