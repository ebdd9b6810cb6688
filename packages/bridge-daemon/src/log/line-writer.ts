/** Where log lines go: `write` queues a line, `writeNow` writes it (after the queue) at once. */
export interface LineWriter {
  write(line: string): void;
  writeNow(line: string): void;
  flush(): void;
}

/**
 * Queues lines and writes them together once the event loop turns, so the
 * call log's write (a blocking syscall on a pipe or a file, and a wake-up of
 * whatever reads the log) happens after the response went out, not before
 * it, and a busy daemon writes many lines per syscall. Queued lines are
 * written at exit too: only a SIGKILL loses them (at most one turn's worth).
 * `writeNow` is for what a reader may act on at once (warnings, errors):
 * written before the answer, in order after the queued lines.
 */
export function bufferedLines(out: { write(chunk: string): unknown }): LineWriter {
  let queued: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (queued.length === 0) return;
    const text = queued.length === 1 ? queued[0]! : queued.join("");
    queued = [];
    out.write(text);
  };
  return {
    write(line) {
      queued.push(line);
      if (scheduled) return;
      scheduled = true;
      setImmediate(flush);
    },
    writeNow(line) {
      flush();
      out.write(line);
    },
    flush,
  };
}

let stderrLines: LineWriter | undefined;

/** The process's one buffered stderr writer (flushed at exit). */
export function stderrLineWriter(): LineWriter {
  if (!stderrLines) {
    const writer = bufferedLines(process.stderr);
    process.once("exit", writer.flush);
    stderrLines = writer;
  }
  return stderrLines;
}
