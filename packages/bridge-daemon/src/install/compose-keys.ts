/** A YAML mapping (not a list, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Refuses, by name, the keys of a compose mapping ddbridge does not apply,
 * so nothing an extension relies on is silently dropped. `x-` keys are the
 * compose specification's extension fields: ignored, as Compose ignores them.
 */
export function refuseUnknownKeys(
  value: Record<string, unknown>,
  known: ReadonlySet<string>,
  where: string,
): void {
  const unknown = Object.keys(value).filter((k) => !known.has(k) && !k.startsWith("x-"));
  if (unknown.length) {
    throw new Error(
      `${where} key(s) ${unknown.join(", ")} not supported by ddbridge's compose support (see docs/cli.md)`,
    );
  }
}
