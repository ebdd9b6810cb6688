import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Code } from "@connectrpc/connect";
import { tempDir } from "@ddbridge/testing";
import { connectEngine, engineError } from "./engine.js";

describe("connectEngine", () => {
  it("names the engine as DOCKER_HOST spells it", () => {
    assert.equal(connectEngine("unix:///tmp/x.sock").host, "unix:///tmp/x.sock");
    assert.equal(connectEngine("tcp://127.0.0.1:2375").host, "tcp://127.0.0.1:2375");
    const saved = process.env.DOCKER_HOST;
    delete process.env.DOCKER_HOST;
    try {
      assert.equal(connectEngine().host, "unix:///var/run/docker.sock");
    } finally {
      if (saved !== undefined) process.env.DOCKER_HOST = saved;
    }
  });
});

describe("connectEngine loads dockerode lazily", () => {
  it("only at the first use of the API, and passes the address on", () => {
    const loaded = () =>
      Object.keys(createRequire(import.meta.url).cache).some((k) =>
        k.includes("/vendor/dockerode.cjs"),
      );
    type Modem = { socketPath?: string; host?: string; port?: unknown; protocol?: string };
    const engine = connectEngine("unix:///tmp/lazy.sock");
    assert.equal(loaded(), false, "dockerode is not loaded by connecting");
    assert.equal((engine.api.modem as Modem).socketPath, "/tmp/lazy.sock");
    assert.equal(loaded(), true);
    assert.equal(engine.api, engine.api, "one client");
    const tcp = connectEngine("tcp://127.0.0.1:2375").api.modem as Modem;
    assert.deepEqual([tcp.host, String(tcp.port), tcp.protocol], ["127.0.0.1", "2375", "http"]);
  });
});

describe("connectEngine picks the engine as the docker CLI does", () => {
  it("--docker-host, else --context, else DOCKER_HOST, else DOCKER_CONTEXT; contexts bring their TLS files", async () => {
    const tmp = await tempDir();
    try {
      const id = createHash("sha256").update("secure").digest("hex");
      const meta = join(tmp.dir, "contexts", "meta", id);
      const tls = join(tmp.dir, "contexts", "tls", id, "docker");
      await mkdir(meta, { recursive: true });
      await mkdir(tls, { recursive: true });
      await writeFile(
        join(meta, "meta.json"),
        JSON.stringify({
          Name: "secure",
          Endpoints: { docker: { Host: "tcp://10.1.2.3:2376", SkipTLSVerify: false } },
        }),
      );
      await writeFile(join(tls, "ca.pem"), "CA");
      const env = { DOCKER_CONFIG: tmp.dir, DOCKER_HOST: "unix:///env.sock" };
      assert.equal(
        connectEngine({ host: "unix:///flag.sock", context: "secure" }, env).host,
        "unix:///flag.sock",
      );
      const byContext = connectEngine({ context: "secure" }, env);
      assert.equal(byContext.host, "tcp://10.1.2.3:2376");
      assert.deepEqual(byContext.cliEnv, { DOCKER_CONTEXT: "secure", DOCKER_HOST: undefined });
      assert.deepEqual(byContext.remote, { kind: "tcp" });
      type Modem = { protocol?: string; ca?: Buffer; port?: unknown };
      const modem = byContext.api.modem as Modem;
      assert.deepEqual(
        [modem.protocol, String(modem.ca), String(modem.port)],
        ["https", "CA", "2376"],
      );
      assert.equal(connectEngine({}, env).host, "unix:///env.sock");
      assert.deepEqual(connectEngine({}, env).cliEnv, { DOCKER_HOST: "unix:///env.sock" });
      assert.equal(
        connectEngine({}, { DOCKER_CONFIG: tmp.dir, DOCKER_CONTEXT: "secure" }).host,
        "tcp://10.1.2.3:2376",
      );
      assert.throws(
        () => connectEngine({ context: "gone" }, env),
        /docker context "gone" not found/,
      );
      // DOCKER_TLS_VERIFY makes an explicit tcp:// host https, as the docker CLI does.
      const verified = connectEngine(
        { host: "tcp://127.0.0.1:2376" },
        { DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: tls },
      );
      assert.equal((verified.api.modem as Modem).protocol, "https");
      assert.equal(verified.remote, undefined, "loopback is this machine");
    } finally {
      await tmp.remove();
    }
  });
});

describe("engineError", () => {
  const engine = connectEngine("unix:///tmp/x.sock");
  it("maps an unreachable engine, a missing or stopped container, a refused request", () => {
    const cases: Array<[unknown, Code, RegExp]> = [
      [{ code: "ECONNREFUSED" }, Code.Unavailable, /unreachable at unix:\/\/\/tmp\/x\.sock/],
      [{ code: "ENOENT" }, Code.Unavailable, /unreachable/],
      [
        { statusCode: 404, json: { message: "No such container: x" } },
        Code.Unavailable,
        /No such container/,
      ],
      [
        { statusCode: 409, json: { message: "Container y is not running" } },
        Code.Unavailable,
        /not running/,
      ],
      [
        { statusCode: 400, json: { message: "invalid filter" } },
        Code.InvalidArgument,
        /invalid filter/,
      ],
      [{ statusCode: 500, reason: "server error" }, Code.Internal, /server error/],
    ];
    for (const [err, code, message] of cases) {
      const e = engineError(engine, err, "doing it");
      assert.equal(e.code, code, JSON.stringify(err));
      assert.match(e.rawMessage, message);
      assert.match(e.rawMessage, /^doing it: /);
    }
  });
});
