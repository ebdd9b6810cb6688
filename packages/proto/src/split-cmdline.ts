/**
 * Splits a command line into words as a POSIX shell splits words, and nothing
 * more: single quotes take text literally, double quotes group and honour
 * \" \\ \$ \` and \<newline>, a backslash outside quotes escapes the next
 * character (or joins two lines). No expansion, globbing, pipes or
 * redirection: `$(x)`, `*`, `|` and `;` are just characters of a word. Used
 * for v0 command lines and for buffered execs (see `desktopArgv`).
 */
export function splitCmdline(line: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === " " || c === "\t" || c === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in command line: ${line}`);
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      inWord = true;
      for (;;) {
        if (i >= line.length) throw new Error(`unterminated " in command line: ${line}`);
        const d = line[i]!;
        if (d === '"') break;
        if (d === "\\" && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1]!)) {
          if (line[i + 1] !== "\n") word += line[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      i++;
    } else if (c === "\\") {
      // A backslash before a newline joins the lines; before anything else it
      // takes that character literally.
      if (line[i + 1] === "\n") {
        i += 2;
        continue;
      }
      if (i + 1 < line.length) word += line[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
