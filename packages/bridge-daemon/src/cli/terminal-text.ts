/**
 * Control characters (C0 but tab and, when kept, newline; DEL; C1) and the
 * Unicode controls that reorder text (bidi embeddings, overrides, isolates).
 */
const UNPRINTABLE =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from an image or a compose file (titles, field names, paths) made
 * safe for a terminal: every control character is shown as an escape
 * (`\x1b`, `\u202e`), so an image cannot retitle or clear the terminal or
 * forge lines of a table. Newlines stay when `keepNewlines` (messages that
 * are several lines by design).
 */
export function printable(text: string, { keepNewlines = false } = {}): string {
  return text.replace(UNPRINTABLE, (c) => {
    if (keepNewlines && c === "\n") return c;
    const code = c.charCodeAt(0);
    return code < 0x100
      ? `\\x${code.toString(16).padStart(2, "0")}`
      : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}
