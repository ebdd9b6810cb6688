/**
 * Removes one pair of matching quotes wrapping a whole argument, as Docker
 * Desktop does: samples pass `--format '"{{json .}}"'` and expect the command
 * to see `{{json .}}`. Nothing else is touched (no shell, no unescaping).
 */
export function stripWrappingQuotes(arg: string): string {
  if (arg.length >= 2) {
    const first = arg[0];
    if ((first === '"' || first === "'") && arg[arg.length - 1] === first) return arg.slice(1, -1);
  }
  return arg;
}
