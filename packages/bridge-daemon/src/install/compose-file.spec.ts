import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { imageBackend, interpolate, parseComposeFile } from "./compose-file.js";

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
    assert.deepEqual(spec.volumes, ["data"]);
    const [api, sidecar] = spec.services;
    assert.deepEqual(api, {
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

  it("refuses what it would otherwise silently drop", () => {
    assert.throws(
      () => parseComposeFile("services:\n  a:\n    image: x\n    ports: ['80:80']\n", vars),
      /service a key\(s\) ports not supported/,
    );
    assert.throws(
      () => parseComposeFile("services:\n  a:\n    image: x\nnetworks: {}\n", vars),
      /top-level key\(s\) networks/,
    );
    assert.throws(
      () => parseComposeFile("services:\n  a:\n    image: x\n    volumes: [./data:/d]\n", vars),
      /relative bind/,
    );
    assert.throws(
      () => parseComposeFile("services:\n  a:\n    image: x\n    volumes: [v:/d]\n", vars),
      /volume v is used but not declared/,
    );
    assert.throws(() => parseComposeFile("services: {}\n", vars), /no services/);
    assert.throws(() => parseComposeFile("- a\n", vars), /must be a mapping/);
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

describe("interpolate", () => {
  it("handles $$, defaults and bare names", () => {
    const env = { A: "1", E: "" };
    assert.equal(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: compose syntax under test
      interpolate("$$A ${A} $A ${B:-d} ${E:-d} ${E-d} ${B-x} ${B}", env),
      "$A 1 1 d d  x ",
    );
  });
});
