/**
 * Control characters (C0 but tab, DEL, C1) and the Unicode controls that
 * reorder text (bidi marks, embeddings, overrides, isolates).
 */
function unprintable(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09) ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/**
 * Text from an image or a compose file (titles, field names, paths) made
 * safe for a terminal: every control character is shown as an escape
 * (`\x1b`, `\u202e`), so an image cannot retitle or clear the terminal or
 * forge lines of a table. Newlines stay when `keepNewlines` (messages that
 * are several lines by design).
 */
export function printable(text: string, { keepNewlines = false } = {}): string {
  let out = "";
  for (const c of text) {
    const code = c.codePointAt(0) as number;
    if (!unprintable(code) || (keepNewlines && c === "\n")) out += c;
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += `\\u${code.toString(16).padStart(4, "0")}`;
  }
  return out;
}
