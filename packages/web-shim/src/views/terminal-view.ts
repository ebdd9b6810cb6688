import { Terminal } from "@xterm/xterm";
import xtermCss from "@xterm/xterm/css/xterm.css";
import type { DockerDesktopClient } from "../install-dd-client.js";
import { h } from "./view-dom.js";

/** The container's shell, as Desktop's terminal tab finds one: bash where there is one, else sh. */
const SHELL = ["sh", "-c", "if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi"];

/**
 * A terminal in the container (`docker exec -it`) through ddbridge's
 * interactive exec, drawn by xterm.js as Desktop's own terminal tab is.
 */
export function openTerminal(
  dd: DockerDesktopClient,
  id: string,
  root: HTMLElement,
): Promise<void> {
  document.head.append(h("style", {}, xtermCss));
  const box = h("div", { id: "terminal" });
  const state = h("p", { id: "terminal-state" }, "connecting…");
  root.append(state, box);
  const term = new Terminal({ convertEol: false, cursorBlink: true, fontSize: 13 });
  term.open(box);
  const cols = term.cols;
  const rows = term.rows;
  return new Promise((resolve, reject) => {
    const proc = dd.docker.cli.exec("exec", ["-i", "-t", id, ...SHELL], {
      tty: { cols, rows },
      stream: {
        onOutput(chunk) {
          state.textContent = "connected";
          term.write(chunk.stdout ?? chunk.stderr ?? "");
        },
        onError: (err) => reject(err),
        onClose(code) {
          state.textContent = `the shell ended (exit code ${code})`;
          resolve();
        },
      },
    });
    term.onData((data) => proc.write?.(data));
    term.onResize(({ cols, rows }) => proc.resize?.(cols, rows));
    window.addEventListener("pagehide", () => proc.close());
    term.focus();
  });
}
