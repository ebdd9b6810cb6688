import type { DockerDesktopClient } from "@docker/extension-api-client-types/dist/v1";
import { Alert, Box, Button, Stack, Typography } from "@mui/material";
import { FitAddon } from "@xterm/addon-fit";
import { Terminal } from "@xterm/xterm";
import "@xterm/xterm/css/xterm.css";
// ddbridge's additions to the ddClient types (stdin, tty, resize, websocket).
import type {} from "@ddbridge/web-shim";
import { useEffect, useRef, useState } from "react";

/**
 * A terminal on `sh` in the extension's backend (its container under
 * `ddbridge up`, its working folder when the backend runs as a process):
 * xterm.js, fed by `exec` with a `tty`. Beyond Docker Desktop, whose `exec`
 * has no stdin: the panel says so there instead of starting a shell.
 */
export function TerminalPanel({ client }: { client: DockerDesktopClient }) {
  const box = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<string>();
  const [open, setOpen] = useState(false);
  const stop = useRef<() => void>(() => {});
  useEffect(() => () => stop.current(), []);
  // ddbridge's ddClient has websocket(): its presence says interactive exec is there too.
  const interactive = typeof client.extension.vm?.service?.websocket === "function";

  const start = () => {
    if (!box.current || open) return;
    const term = new Terminal({ fontSize: 13, cursorBlink: true });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(box.current);
    fit.fit();
    const showSize = () => box.current?.setAttribute("data-size", `${term.rows} ${term.cols}`);
    showSize();
    const proc = client.extension.vm?.cli.exec("sh", [], {
      tty: { cols: term.cols, rows: term.rows },
      stream: {
        onOutput: (data) => term.write(data.stdout ?? data.stderr ?? ""),
        onClose: (code) => setStatus(`sh exited with code ${code}`),
        onError: (err) => setStatus(`the terminal failed: ${(err as Error).message ?? err}`),
      },
    });
    const typing = term.onData((data) => proc?.write?.(data));
    const resizing = term.onResize(({ cols, rows }) => {
      showSize();
      proc?.resize?.(cols, rows);
    });
    const onWindowResize = () => fit.fit();
    window.addEventListener("resize", onWindowResize);
    stop.current = () => {
      window.removeEventListener("resize", onWindowResize);
      typing.dispose();
      resizing.dispose();
      proc?.close();
      term.dispose();
    };
    term.focus();
    setOpen(true);
    setStatus("connected");
  };

  return (
    <Box sx={{ mt: 4 }}>
      <Typography variant="h6">Terminal</Typography>
      {interactive ? (
        <Stack direction="row" spacing={2} alignItems="center" sx={{ my: 1 }}>
          <Button variant="outlined" onClick={start} disabled={open} data-testid="open-terminal">
            Open a shell in the backend
          </Button>
          <Typography variant="body2" data-testid="terminal-status">
            {status}
          </Typography>
        </Stack>
      ) : (
        <Alert severity="info" sx={{ my: 1 }} data-testid="terminal-unavailable">
          A terminal needs ddbridge: Docker Desktop's exec has no stdin.
        </Alert>
      )}
      <Box ref={box} data-testid="terminal" sx={{ height: "40vh", width: "100%" }} />
    </Box>
  );
}
