import assert from "node:assert/strict";
import { it } from "node:test";
import { imageBackend, parseComposeFile } from "./compose-file.js";
import { privilegesOf } from "./privileges.js";

it("lists host mounts, the engine's socket and added capabilities; nothing for a plain backend", () => {
  const backend = parseComposeFile(
    [
      "services:",
      "  api:",
      "    image: x",
      "    volumes:",
      "      - /var/run/docker.sock.raw:/var/run/docker.sock",
      "      - /:/host:ro",
      "      - /srv/data:/data",
      "      - cache:/cache",
      "      - /tmp/anon",
      "    cap_add: [ALL]",
      "  quiet:",
      "    image: x",
      "volumes:",
      "  cache:",
      "",
    ].join("\n"),
    {},
  );
  assert.deepEqual(privilegesOf(backend), [
    "api: mounts the Docker engine's socket (/var/run/docker.sock.raw): full control of the engine, root on its machine",
    "api: mounts the host's whole file system at /host, read-only",
    "api: mounts the host folder /srv/data at /data, read-write",
    "api: adds the capabilities ALL",
  ]);
  assert.deepEqual(privilegesOf(imageBackend("me/ext:1")), []);
});
