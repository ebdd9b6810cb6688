import { createDockerDesktopClient } from "@docker/extension-api-client";
import {
  Alert,
  Box,
  Button,
  List,
  ListItem,
  ListItemText,
  Stack,
  TextField,
  Typography,
} from "@mui/material";
import { useState } from "react";
import { LiveTicks } from "./LiveTicks";
import { TerminalPanel } from "./TerminalPanel";

// The client of Docker Desktop, or of ddbridge outside it.
const client = createDockerDesktopClient();

interface Item {
  name: string;
  status: string;
}

/** What a ddClient rejection carries: a ServiceError's message, or an exec's stderr. */
function describe(err: unknown): string {
  const e = err as { message?: string; stderr?: string; statusCode?: number };
  const message = e.message ?? e.stderr ?? JSON.stringify(err);
  return e.statusCode ? `${e.statusCode}: ${message}` : message;
}

export function App() {
  const [response, setResponse] = useState<string>();
  const [clicks, setClicks] = useState(0);
  const [items, setItems] = useState<Item[]>();
  const [itemsError, setItemsError] = useState<string>();
  const [ticks, setTicks] = useState<string[]>([]);
  const [tickStatus, setTickStatus] = useState<string>();
  const [hostOutput, setHostOutput] = useState<string>();

  const fetchAndDisplayResponse = async () => {
    setClicks((n) => n + 1);
    try {
      const result = await client.extension.vm?.service?.get("/hello");
      setResponse(JSON.stringify(result));
    } catch (err) {
      setResponse(`error: ${describe(err)}`);
    }
  };

  const loadItems = async () => {
    setItemsError(undefined);
    try {
      setItems((await client.extension.vm?.service?.get("/items")) as Item[]);
    } catch (err) {
      setItems(undefined);
      setItemsError(describe(err));
    }
  };

  // A VM command whose output arrives line by line while it runs.
  const runTicker = () => {
    setTicks([]);
    setTickStatus("running");
    client.extension.vm?.cli.exec("./bin/service", ["-tick", "3"], {
      stream: {
        splitOutputLines: true,
        onOutput: (data) => {
          if (data.stdout) setTicks((t) => [...t, data.stdout as string]);
        },
        onError: (err) => setTickStatus(`failed: ${describe(err)}`),
        onClose: (code) => setTickStatus(`exited with code ${code}`),
      },
    });
  };

  const runHostBinary = async () => {
    try {
      const result = await client.extension.host?.cli.exec("hello", ["extension author"]);
      setHostOutput(result?.stdout.trim());
    } catch (err) {
      setHostOutput(`error: ${describe(err)}`);
    }
  };

  return (
    <>
      <Typography variant="h3" data-testid="title">
        React extension
      </Typography>
      <Typography variant="body1" color="text.secondary" sx={{ mt: 2 }}>
        Pressing the button calls the backend's /hello.
      </Typography>
      <Stack direction="row" alignItems="start" spacing={2} sx={{ mt: 4 }}>
        <Button variant="contained" onClick={fetchAndDisplayResponse} data-testid="call">
          Call backend
        </Button>
        <TextField
          label="Backend response"
          sx={{ width: 480 }}
          disabled
          multiline
          variant="outlined"
          minRows={5}
          value={response ?? ""}
          inputProps={{ "data-testid": "response" }}
        />
      </Stack>
      <Box
        data-testid="swatch"
        sx={{ mt: 2, width: 40, height: 20, bgcolor: "docker.blue.500" }}
        title={`clicked ${clicks} times`}
      />

      <Stack direction="row" spacing={2} sx={{ mt: 4 }}>
        <Button variant="outlined" onClick={loadItems} data-testid="load-items">
          Load items
        </Button>
        <Button variant="outlined" onClick={runTicker} data-testid="run-ticker">
          Run a VM command
        </Button>
        <Button variant="outlined" onClick={runHostBinary} data-testid="run-host">
          Run a host binary
        </Button>
        <Button
          variant="outlined"
          onClick={() => client.desktopUI.toast.success("Saved your settings")}
          data-testid="notify"
        >
          Notify
        </Button>
      </Stack>

      {itemsError && (
        <Alert severity="error" sx={{ mt: 2 }} data-testid="items-error">
          Could not load the items: {itemsError}
        </Alert>
      )}
      {items && (
        <List dense data-testid="items">
          {items.map((item) => (
            <ListItem key={item.name}>
              <ListItemText primary={item.name} secondary={item.status} />
            </ListItem>
          ))}
        </List>
      )}
      {tickStatus && (
        <Box sx={{ mt: 2 }}>
          <Box component="pre" data-testid="ticks" sx={{ m: 0 }}>
            {ticks.join("\n")}
          </Box>
          <Typography variant="body2" data-testid="ticker-status">
            {tickStatus}
          </Typography>
        </Box>
      )}
      {hostOutput && (
        <Typography variant="body2" sx={{ mt: 2 }} data-testid="host-output">
          {hostOutput}
        </Typography>
      )}
      <LiveTicks client={client} />
      <TerminalPanel client={client} />
    </>
  );
}
