// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose syntax under test
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { imageBackend, parseComposeFile, type ServiceSpec } from "./compose-file.js";

const vars = { DESKTOP_PLUGIN_IMAGE: "acme/ext:1.0" };

describe("parseComposeFile", () => {
  it("reads the subset extensions use, with the extension's image variable", () => {
    const spec = parseComposeFile(
      `
services:
  api:
    image: \${DESKTOP_PLUGIN_IMAGE}
    command: serve --socket "/run/guest-services/a b.sock"
    environment:
      MODE: prod
      EMPTY:
    volumes:
      - data:/var/lib/ext
      - /var/run/docker.sock.raw:/var/run/docker.sock
      - /cache
    cap_add: [NET_ADMIN]
    working_dir: /app
    user: "1000"
    labels: [a=b, c]
  sidecar:
    image: busybox
    entrypoint: [sleep]
    command: ["1000"]
    environment: [X=1]
    init: false
    restart: "no"
volumes:
  data:
`,
      vars,
    );
    assert.deepEqual(spec.volumes, [{ key: "data", external: false }]);
    const [api, sidecar] = spec.services;
    const keys = [
      "name",
      "image",
      "command",
      "environment",
      "volumes",
      "capAdd",
      "workingDir",
      "user",
      "labels",
      "init",
      "restart",
    ] as const;
    assert.deepEqual(Object.fromEntries(keys.map((k) => [k, (api as ServiceSpec)[k]])), {
      name: "api",
      image: "acme/ext:1.0",
      command: ["serve", "--socket", "/run/guest-services/a b.sock"],
      environment: ["MODE=prod", "EMPTY"],
      volumes: [
        { kind: "volume", name: "data", target: "/var/lib/ext", readOnly: false },
        {
          kind: "bind",
          source: "/var/run/docker.sock.raw",
          target: "/var/run/docker.sock",
          readOnly: false,
        },
        { kind: "anonymous", target: "/cache" },
      ],
      capAdd: ["NET_ADMIN"],
      workingDir: "/app",
      user: "1000",
      labels: { a: "b", c: "" },
      init: true,
      restart: "unless-stopped",
    });
    assert.deepEqual(sidecar?.entrypoint, ["sleep"]);
    assert.deepEqual(sidecar?.command, ["1000"]);
    assert.equal(sidecar?.init, false);
    assert.equal(sidecar?.restart, "no");
  });

  it("refuses by name what it would otherwise silently drop", () => {
    const refused = (yaml: string, message: RegExp) =>
      assert.throws(() => parseComposeFile(yaml, vars), message);
    // deploy's resources apply to one container; replicas, placement and GPUs need more.
    refused(
      "services:\n  a:\n    image: x\n    deploy: { replicas: 2 }\n",
      /service a: deploy key\(s\) replicas not supported/,
    );
    refused(
      "services:\n  a:\n    image: x\n    deploy: { resources: { reservations: { devices: [] } } }\n",
      /deploy\.resources\.reservations key\(s\) devices not supported/,
    );
    refused("services:\n  a:\n    image: x\n    cpus: lots\n", /"lots" is not a number of CPUs/);
    refused("services:\n  a:\n    image: x\n    platform: amd64\n", /is not OS\/ARCH/);
    // A misspelt key (a published extension has `volume:`) is refused, as Compose refuses it.
    refused(
      "services:\n  a:\n    image: x\n    volume: [/d]\n",
      /service a key\(s\) volume not supported/,
    );
    refused("services:\n  a:\n    image: x\nconfigs: {}\n", /top-level key\(s\) configs/);
    refused(
      "services:\n  a:\n    image: x\n    volumes: [../up:/d]\n",
      /leaves the extension's folder/,
    );
    refused(
      "services:\n  a:\n    image: x\n    volumes: [v:/d]\n",
      /volume v is used but not declared/,
    );
    refused(
      "services:\n  a:\n    image: x\n    networks: [n]\n",
      /network n is used but not declared/,
    );
    refused(
      "services:\n  a:\n    image: x\n    depends_on: [b]\n",
      /depends on b, which is not a service/,
    );
    refused(
      "services:\n  a:\n    image: x\n    depends_on: [b]\n  b:\n    image: x\n    depends_on: [a]\n",
      /depends_on has a cycle: a → b → a/,
    );
    refused(
      "services:\n  a:\n    image: x\n    container_name: c\n  b:\n    image: x\n    container_name: c\n",
      /container_name c is given to two services/,
    );
    refused(
      "services:\n  a:\n    image: x\n    network_mode: container:abc\n",
      /network_mode must be/,
    );
    refused(
      "services:\n  a:\n    image: x\nnetworks:\n  n:\n    driver: overlay\n",
      /driver overlay/,
    );
    refused("services:\n  a:\n    image: x\n    pull_policy: build\n", /pull_policy must be/);
    refused("services:\n  a:\n    image: x\n    expose: [http]\n", /"http" is not PORT/);
    refused("services: {}\n", /no services/);
    refused("- a\n", /must be a mapping/);
  });

  it("reads the keys published extensions use: ports, container_name, hostname, networks, depends_on, healthcheck, privileged", () => {
    const spec = parseComposeFile(
      `
services:
  store:
    image: example/store:2
    container_name: store_embedded
    hostname: store
    restart: always
    ports: ["127.0.0.1:5433:5432", "8080", "9000-9001:9000-9001/udp"]
    expose: ["7000", "5317:4317", "9000/udp"]
    privileged: true
    volumes:
      - type: volume
        source: data
        target: /var/lib/store
      - ./conf:/etc/store:ro
      - ~/cache:/cache
      - type: tmpfs
        target: /run
    healthcheck:
      test: pg_isready
      interval: 1m30s
      retries: 3
    networks:
      back:
        aliases: [db]
    ulimits:
      nofile: { soft: 1024, hard: 2048 }
      core: 0
    logging:
      driver: json-file
      options: { max-size: 1m }
    x-note: ignored, as Compose ignores x- keys
  ui:
    image: \${DESKTOP_PLUGIN_IMAGE}
    depends_on:
      store:
        condition: service_healthy
    networks: [back, default]
    extra_hosts: ["host.docker.internal:host-gateway"]
    env_file: [ui.env]
networks:
  back:
  default:
    name: store-net
volumes:
  data:
    name: store-data
x-shared: anchors live here
`,
      vars,
    );
    assert.deepEqual(
      spec.services.map((s) => s.name),
      ["store", "ui"],
    );
    assert.equal(spec.vmService, "ui", "VM commands run in the service with the extension's image");
    const [store, ui] = spec.services as [ServiceSpec, ServiceSpec];
    assert.equal(store.containerName, "store_embedded");
    assert.equal(store.hostname, "store");
    assert.equal(store.privileged, true);
    assert.deepEqual(store.expose, ["7000/tcp", "4317/tcp", "9000/udp"]);
    assert.deepEqual(store.ports, [
      { containerPort: 5432, protocol: "tcp", hostIp: "127.0.0.1", hostPort: 5433 },
      { containerPort: 8080, protocol: "tcp" },
      { containerPort: 9000, protocol: "udp", hostPort: 9000 },
      { containerPort: 9001, protocol: "udp", hostPort: 9001 },
    ]);
    assert.deepEqual(store.volumes, [
      { kind: "volume", name: "data", target: "/var/lib/store", readOnly: false },
      { kind: "local", path: "conf", target: "/etc/store", readOnly: true },
      { kind: "local", path: "home/cache", target: "/cache", readOnly: false },
      { kind: "tmpfs", target: "/run" },
    ]);
    assert.deepEqual(store.healthcheck, {
      test: ["CMD-SHELL", "pg_isready"],
      intervalNs: 90e9,
      retries: 3,
    });
    assert.deepEqual(store.networks, [{ name: "back", aliases: ["db"] }]);
    assert.deepEqual(store.ulimits, [
      { Name: "nofile", Soft: 1024, Hard: 2048 },
      { Name: "core", Soft: 0, Hard: 0 },
    ]);
    assert.deepEqual(store.logging, { driver: "json-file", options: { "max-size": "1m" } });
    assert.deepEqual(ui.dependsOn, [{ service: "store", condition: "service_healthy" }]);
    assert.deepEqual(ui.extraHosts, ["host.docker.internal:host-gateway"]);
    assert.deepEqual(ui.envFiles, ["ui.env"]);
    assert.deepEqual(spec.networks, [
      { key: "back", external: false },
      { key: "default", name: "store-net", external: false },
    ]);
    assert.deepEqual(spec.volumes, [{ key: "data", name: "store-data", external: false }]);
  });

  it("applies resource limits as docker compose does: the service keys, and deploy.resources over them", () => {
    // redis-enterprise's extension: platform, and deploy.resources.reservations.memory.
    const { services } = parseComposeFile(
      [
        "services:",
        "  db:",
        "    image: redislabs/redis",
        "    platform: linux/amd64",
        "    mem_limit: 1g",
        "    cpus: 2",
        "    deploy:",
        "      resources:",
        "        limits: { memory: 512M, cpus: '0.5', pids: 100 }",
        "        reservations: { memory: 8G, cpus: '0.25' }",
        "  plain:",
        "    image: x",
        "    mem_limit: 64m",
        "    mem_reservation: 32m",
        "    cpus: 1.5",
        "    pids_limit: 50",
      ].join("\n"),
      vars,
    );
    const [db, plain] = services;
    assert.equal(db?.platform, "linux/amd64");
    assert.equal(db?.memoryLimit, 512 * 1024 ** 2);
    assert.equal(db?.memoryReservation, 8 * 1024 ** 3);
    assert.equal(db?.nanoCpus, 500_000_000);
    assert.equal(db?.pidsLimit, 100);
    assert.equal(plain?.platform, undefined);
    assert.equal(plain?.memoryLimit, 64 * 1024 ** 2);
    assert.equal(plain?.memoryReservation, 32 * 1024 ** 2);
    assert.equal(plain?.nanoCpus, 1_500_000_000);
    assert.equal(plain?.pidsLimit, 50);
  });

  it("starts services after what they depend on, in file order otherwise", () => {
    const spec = parseComposeFile(
      `
services:
  web: { image: w, depends_on: [api] }
  api: { image: a, depends_on: { db: { condition: service_started } } }
  db: { image: d }
  other: { image: o, network_mode: "service:db" }
`,
      vars,
    );
    assert.deepEqual(
      spec.services.map((s) => s.name),
      ["db", "api", "web", "other"],
    );
    assert.equal(spec.vmService, "web", "no service runs the extension's image: the first");
  });

  it("fills ${…} only from what it is given, and names what it left empty", () => {
    const spec = parseComposeFile(
      `
services:
  a:
    image: \${DESKTOP_PLUGIN_IMAGE}
    environment:
      - TOKEN=\${GITHUB_TOKEN}
      - HOME_DIR=$HOME/data
      - PORT=\${PORT:-8080}
      - USER=\${DB_USER}
`,
      { ...vars, DB_USER: "passed" },
    );
    assert.deepEqual(spec.services[0]?.environment, [
      "TOKEN=",
      "HOME_DIR=/data",
      "PORT=8080",
      "USER=passed",
    ]);
    assert.deepEqual(spec.unsetVariables, ["GITHUB_TOKEN", "HOME"]);
  });

  it("defaults a service's image to the extension's own", () => {
    const spec = parseComposeFile("services:\n  a:\n    command: [x]\n", vars);
    assert.equal(spec.services[0]?.image, "acme/ext:1.0");
  });
});

describe("imageBackend", () => {
  it("is one service with init and a restart policy", () => {
    const spec = imageBackend("acme/ext:1.0");
    assert.equal(spec.services.length, 1);
    assert.equal(spec.services[0]?.image, "acme/ext:1.0");
    assert.equal(spec.services[0]?.init, true);
  });
});
