import assert from "node:assert/strict";
import { it } from "node:test";
import type { DockerEngine } from "../engine/engine.js";
import { parseComposeFile } from "./compose-file.js";
import { containerOptions } from "./container-options.js";

const engine = { host: "unix:///run/engine.sock" } as DockerEngine;
const plan = {
  project: "ddbridge-ext",
  guestServicesDir: "/state/ext/guest-services",
  localDir: "/state/ext/compose-files",
  publishIp: "127.0.0.1",
  labels: { "io.ddbridge.extension": "ext" },
};

it("maps a compose service to the Engine API: names, aliases, ports on the chosen address, mounts, health, limits", () => {
  const backend = parseComposeFile(
    `
services:
  db:
    image: store
    container_name: store_fixed
    hostname: store-host
    ports: ["0.0.0.0:5433:5432", "8080"]
    volumes: [data:/data, ./conf:/conf:ro, /var/run/docker.sock.raw:/var/run/docker.sock, /anon]
    tmpfs: [/run]
    healthcheck: { test: [CMD, probe], interval: 2s }
    networks: { back: { aliases: [database] }, default: {} }
    restart: on-failure:3
    platform: linux/arm64
    deploy: { resources: { limits: { memory: 64m, cpus: "0.5", pids: 20 }, reservations: { memory: 32m } } }
  app:
    image: app
    network_mode: "service:db"
volumes:
  data:
networks:
  back:
`,
    { DESKTOP_PLUGIN_IMAGE: "me/ext:1" },
  );
  const db = backend.services.find((s) => s.name === "db")!;
  const o = containerOptions(engine, plan, backend, db, new Map()) as any;
  assert.equal(o.name, "store_fixed");
  assert.equal(o.Hostname, "store-host");
  assert.deepEqual(o.ExposedPorts, { "5432/tcp": {}, "8080/tcp": {} });
  assert.deepEqual(o.HostConfig.PortBindings, {
    "5432/tcp": [{ HostIp: "127.0.0.1", HostPort: "5433" }],
    "8080/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }],
  });
  assert.deepEqual(o.HostConfig.Binds, [
    "/state/ext/guest-services:/run/guest-services",
    "/state/ext/compose-files/conf:/conf:ro",
    "/run/engine.sock:/var/run/docker.sock",
  ]);
  assert.deepEqual(o.HostConfig.Mounts, [
    { Type: "volume", Source: "ddbridge-ext_data", Target: "/data", ReadOnly: false },
  ]);
  assert.deepEqual(o.Volumes, { "/anon": {} });
  assert.deepEqual(o.HostConfig.Tmpfs, { "/run": "" });
  assert.deepEqual(o.Healthcheck, { Test: ["CMD", "probe"], Interval: 2e9 });
  assert.deepEqual(o.HostConfig.RestartPolicy, { Name: "on-failure", MaximumRetryCount: 3 });
  assert.equal(o.HostConfig.NetworkMode, "ddbridge-ext_back");
  assert.deepEqual(o.NetworkingConfig, {
    EndpointsConfig: { "ddbridge-ext_back": { Aliases: ["db", "store_fixed", "database"] } },
  });
  assert.equal(o.Labels["io.ddbridge.extension"], "ext");
  assert.equal(o.Labels["io.ddbridge.service"], "db");
  assert.equal(o.platform, "linux/arm64");
  assert.equal(o.HostConfig.Memory, 64 * 1024 ** 2);
  assert.equal(o.HostConfig.MemoryReservation, 32 * 1024 ** 2);
  assert.equal(o.HostConfig.NanoCpus, 500_000_000);
  assert.equal(o.HostConfig.PidsLimit, 20);

  const app = backend.services.find((s) => s.name === "app")!;
  const a = containerOptions(engine, plan, backend, app, new Map([["db", "abc123"]])) as any;
  assert.equal(a.name, "ddbridge-ext-app");
  assert.equal(a.HostConfig.NetworkMode, "container:abc123");
  assert.equal(a.NetworkingConfig, undefined);
  assert.equal(a.platform, undefined);
  assert.equal(a.HostConfig.Memory, undefined);

  // --network none: every service in that mode, no project network, nothing published.
  const none = containerOptions(
    engine,
    { ...plan, networkOverride: "none" },
    backend,
    db,
    new Map(),
  ) as any;
  assert.equal(none.HostConfig.NetworkMode, "none");
  assert.equal(none.NetworkingConfig, undefined);
});
