import type {} from "@ddbridge/web-shim";
import type { DockerDesktopClient } from "@docker/extension-api-client-types/dist/v1";
import { Box, Button, Stack, Typography } from "@mui/material";
import { useEffect, useRef, useState } from "react";

/**
 * A live view fed by a WebSocket from the Go backend (`GET /ws/ticks`),
 * opened with `vm.service.websocket` (ddbridge only: under Docker Desktop the
 * method is missing and the view says so).
 */
export function LiveTicks({ client }: { client: DockerDesktopClient }) {
  const [last, setLast] = useState<string>();
  const [status, setStatus] = useState<string>();
  const socket = useRef<WebSocket>();
  useEffect(() => () => socket.current?.close(), []);
  const open = client.extension.vm?.service?.websocket;

  const start = async () => {
    if (!open) return setStatus("live updates need ddbridge's vm.service.websocket");
    const ws = await open("/ws/ticks", "ticks.v1");
    socket.current = ws;
    ws.onopen = () => setStatus(`open (${ws.protocol})`);
    ws.onmessage = (e) => setLast(String(e.data));
    ws.onclose = (e) => setStatus(`closed: ${e.code} ${e.reason}`);
  };

  return (
    <Box sx={{ mt: 4 }}>
      <Typography variant="h6">Live view</Typography>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ my: 1 }}>
        <Button variant="outlined" onClick={start} data-testid="live-start">
          Follow the backend
        </Button>
        <Button
          variant="outlined"
          onClick={() => socket.current?.send("stop")}
          data-testid="live-stop"
        >
          Stop
        </Button>
        <Typography variant="body2" data-testid="live-last">
          {last}
        </Typography>
        <Typography variant="body2" data-testid="live-status">
          {status}
        </Typography>
      </Stack>
    </Box>
  );
}
