/**
 * What interpolation found: the names it read that were not set (and had no
 * default), so `up` can say they were left empty instead of guessing.
 */
export interface Interpolation {
  unset: Set<string>;
}

/**
 * Compose's interpolation of one string, by the compose specification:
 * `$$` is a dollar; `$X` and `${X}`; `${X:-d}` / `${X-d}` a default when X
 * is empty / unset; `${X:+a}` / `${X+a}` an alternative when X is non-empty /
 * set; `${X:?msg}` / `${X?msg}` an error when X is empty / unset. Defaults
 * nest (`${A:-${B}}`). Values come only from `vars`: the caller decides what
 * the host may fill in.
 */
export function interpolate(
  text: string,
  vars: Readonly<Record<string, string>>,
  found: Interpolation = { unset: new Set() },
): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf("$", i);
    if (at < 0) return out + text.slice(i);
    out += text.slice(i, at);
    const next = text[at + 1];
    if (next === "$") {
      out += "$";
      i = at + 2;
      continue;
    }
    if (next === "{") {
      const end = closingBrace(text, at + 2);
      if (end < 0) throw new Error(`unterminated \${ in ${JSON.stringify(text)}`);
      out += expand(text.slice(at + 2, end), vars, found);
      i = end + 1;
      continue;
    }
    const bare = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at + 1));
    if (bare) {
      out += lookup(bare[0], vars, found) ?? "";
      i = at + 1 + bare[0].length;
      continue;
    }
    out += "$";
    i = at + 1;
  }
  return out;
}

/** Interpolates every string value (never a key) of a parsed YAML document. */
export function interpolateAll(
  value: unknown,
  vars: Readonly<Record<string, string>>,
  found: Interpolation,
): unknown {
  if (typeof value === "string") return interpolate(value, vars, found);
  if (Array.isArray(value)) return value.map((v) => interpolateAll(v, vars, found));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolateAll(v, vars, found)]),
    );
  }
  return value;
}

function expand(
  inner: string,
  vars: Readonly<Record<string, string>>,
  found: Interpolation,
): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([\s\S]*))?$/.exec(inner);
  if (!m) throw new Error(`bad variable reference \${${inner}}`);
  const [, name, op, word = ""] = m as unknown as [string, string, string | undefined, string];
  const value = vars[name];
  const set = value !== undefined;
  const nonEmpty = set && value !== "";
  switch (op) {
    case undefined:
      return lookup(name, vars, found) ?? "";
    case ":-":
      return nonEmpty ? value : interpolate(word, vars, found);
    case "-":
      return set ? value : interpolate(word, vars, found);
    case ":+":
      return nonEmpty ? interpolate(word, vars, found) : "";
    case "+":
      return set ? interpolate(word, vars, found) : "";
    default: {
      // ":?" and "?": required.
      if (op === ":?" ? nonEmpty : set) return value as string;
      const why = interpolate(word, vars, found) || `${name} is required`;
      throw new Error(`\${${name}}: ${why} (pass it with --env ${name}=VALUE)`);
    }
  }
}

function lookup(
  name: string,
  vars: Readonly<Record<string, string>>,
  found: Interpolation,
): string | undefined {
  const value = vars[name];
  if (value === undefined) found.unset.add(name);
  return value;
}

/** The index of the `}` closing a `${` whose body starts at `from`, nested `${…}` skipped. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === "$" && text[i + 1] === "{") {
      depth++;
      i++;
    } else if (text[i] === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}
