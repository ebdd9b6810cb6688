import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, it } from "node:test";
import { Code } from "@connectrpc/connect";
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
