import type { ChildProcess } from "node:child_process";

/**
 * Resolves with why a child stopped early: it could not start, or it exited
 * (after its pipes drained, so its last output has been read). Never
 * resolves while the child runs; race it against what you wait for.
 */
export function childFailure(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    child.once("error", (e) => resolve(`could not start (${e.message})`));
    child.once("exit", (code, signal) => {
      const said = () => resolve(`exited (${signal ?? `code ${code}`})`);
      // Its last output may still be in the pipes: wait for them briefly.
      const timer = setTimeout(said, 500);
      child.once("close", () => {
        clearTimeout(timer);
        said();
      });
    });
  });
}
