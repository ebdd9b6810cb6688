import type { Writable } from "node:stream";
import type { ProcessInput, TerminalSize } from "./runner.js";

/** What a command's input does beyond its bytes: resize a terminal, signal its group. */
export interface InputControls {
  resize?(size: TerminalSize): void;
  signal(name: NodeJS.Signals): void;
}

/**
 * A {@link ProcessInput} over the writable end of a command's stdin (a pipe,
 * a PTY, a container's hijacked connection). A write resolves once the bytes
 * are handed to the kernel, so a caller that awaits each write holds at most
 * one message while the command does not read. After the command has gone,
 * writes resolve at once and the bytes are dropped (EPIPE is expected then).
 */
export function streamInput(stdin: Writable, controls: InputControls): ProcessInput {
  stdin.on("error", () => {});
  const closed = () => stdin.destroyed || stdin.writableEnded;
  return {
    write(data) {
      if (closed() || data.byteLength === 0) return Promise.resolve();
      return new Promise((resolve) => {
        stdin.write(data, () => resolve());
      });
    },
    end() {
      if (!closed()) stdin.end();
    },
    resize(size) {
      controls.resize?.(size);
    },
    signal(name) {
      controls.signal(name);
    },
  };
}
