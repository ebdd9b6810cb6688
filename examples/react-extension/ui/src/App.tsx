import { createDockerDesktopClient } from "@docker/extension-api-client";
import { Box, Button, Stack, TextField, Typography } from "@mui/material";
import { useState } from "react";

// The client of Docker Desktop, or of ddbridge outside it.
const client = createDockerDesktopClient();

export function App() {
  const [response, setResponse] = useState<string>();
  const [clicks, setClicks] = useState(0);

  const fetchAndDisplayResponse = async () => {
    setClicks((n) => n + 1);
    try {
      const result = await client.extension.vm?.service?.get("/hello");
      setResponse(JSON.stringify(result));
    } catch (err) {
      setResponse(`error: ${(err as Error).message ?? JSON.stringify(err)}`);
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
    </>
  );
}
