/** A fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The info string's first word ("sh", "ts", ""). */
  lang: string;
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
}

/** The fenced (```) code blocks of a Markdown text, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i]!.startsWith("```"); i++) body.push(lines[i]!);
    blocks.push({ lang: open[1] ?? "", line: start + 1, code: `${body.join("\n")}\n` });
  }
  return blocks;
}

/**
 * The commands of a shell block: backslash continuations joined, comments
 * and blank lines dropped (a `#` inside quotes is kept).
 */
export function shellCommands(code: string): string[] {
  return code
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .map(stripComment)
    .map((l) => l.trim())
    .filter(Boolean);
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/** The 1-based lines a `## heading` section spans: its heading to before the next `## `. */
export function sectionLines(markdown: string, heading: string): { from: number; to: number } {
  const lines = markdown.split("\n");
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`no "## ${heading}" section`);
  const next = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  return { from: start + 1, to: next < 0 ? lines.length : next };
}
