type Stream = "stdout" | "stderr";

/**
 * Turns a command's byte chunks into the strings `onOutput` receives: UTF-8
 * decoded per stream (a character split across chunks is joined, not
 * mangled), and with `splitLines`, one string per complete line without its
 * newline, the last partial line delivered by `flush()`.
 */
export function createOutputDecoder(
  splitLines: boolean,
  emit: (stream: Stream, text: string) => void,
) {
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  const partial = { stdout: "", stderr: "" };
  const push = (stream: Stream, text: string) => {
    if (!splitLines) {
      if (text !== "") emit(stream, text);
      return;
    }
    const pieces = (partial[stream] + text).split("\n");
    partial[stream] = pieces.pop()!;
    for (const line of pieces) emit(stream, line.endsWith("\r") ? line.slice(0, -1) : line);
  };
  return {
    write(stream: Stream, bytes: Uint8Array) {
      push(stream, decoders[stream].decode(bytes, { stream: true }));
    },
    /** Delivers what is left at the end: undecoded bytes and the last partial line. */
    flush() {
      for (const stream of ["stdout", "stderr"] as const) {
        push(stream, decoders[stream].decode());
        if (splitLines && partial[stream] !== "") {
          const rest = partial[stream];
          partial[stream] = "";
          emit(stream, rest.endsWith("\r") ? rest.slice(0, -1) : rest);
        }
      }
    },
  };
}
