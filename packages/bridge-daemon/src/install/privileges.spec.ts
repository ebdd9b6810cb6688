// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose syntax under test
import assert from "node:assert/strict";
import { it } from "node:test";
import { imageBackend, parseComposeFile } from "./compose-file.js";
import { privilegesOf } from "./privileges.js";

const plan = { publishIp: "127.0.0.1", project: "ddbridge-ext" };

it("lists host mounts and devices, the engine's socket, privileged mode, capabilities, published ports, fixed names and unset variables; nothing for a plain backend", () => {
  const backend = parseComposeFile(
    [
      "services:",
      "  api:",
      "    image: x",
      "    privileged: true",
      "    volumes:",
      "      - /var/run/docker.sock.raw:/var/run/docker.sock",
      "      - /:/host:ro",
      "      - /srv/data:/data",
      "      - cache:/cache",
      "      - ./own:/own",
      "      - /tmp/anon",
      "      - shared:/shared",
      "    devices: [/dev/net/tun:/dev/net/tun]",
      "    cap_add: [ALL]",
      "    security_opt: [seccomp:unconfined, no-new-privileges:true]",
      "    ports: ['8080:80', '0.0.0.0:9443:443', '127.0.0.2::53/udp']",
      "    container_name: api_fixed",
      "    environment: ['TOKEN=${GITHUB_TOKEN}']",
      "  hostnet:",
      "    image: x",
      "    network_mode: host",
      "  quiet:",
      "    image: x",
      "volumes:",
      "  cache:",
      "  shared: { external: true, name: pgdata }",
      "networks:",
      "  lan: { external: true }",
      "",
    ].join("\n"),
    {},
  );
  assert.deepEqual(privilegesOf(backend, plan), [
    "api: runs privileged: every device and capability, root on the engine's machine",
    "api: mounts the Docker engine's socket (/var/run/docker.sock.raw): full control of the engine, root on its machine",
    "api: mounts the host's whole file system at /host, read-only",
    "api: mounts the host folder /srv/data at /data, read-write",
    "api: uses the host device /dev/net/tun",
    "api: adds the capabilities ALL",
    "api: turns off a protection (security_opt seccomp:unconfined)",
    "api: publishes port 8080 on 127.0.0.1 (container port 80/tcp)",
    "api: publishes port 9443 on 127.0.0.1 (container port 443/tcp)",
    "api: publishes a free port on 127.0.0.2 (container port 53/udp)",
    "api: names its container api_fixed (a name any other container on the engine could hold)",
    "hostnet: uses the host's network",
    "joins the existing network ddbridge-ext_lan (external)",
    "uses the existing volume pgdata (external): its data, read-write",
    "the compose file reads ${GITHUB_TOKEN}: not passed, so empty (pass it with --env GITHUB_TOKEN[=VALUE])",
  ]);
  // The user's --publish-ip is what ports open on; --network none publishes nothing.
  assert.match(
    privilegesOf(backend, { ...plan, publishIp: "0.0.0.0" }).join("\n"),
    /port 8080 on 0\.0\.0\.0/,
  );
  assert.doesNotMatch(
    privilegesOf(backend, { ...plan, networkOverride: "none" }).join("\n"),
    /publishes/,
  );
  assert.deepEqual(privilegesOf(imageBackend("me/ext:1"), plan), []);
});
