import assert from "node:assert/strict";
import * as http2 from "node:http2";
import * as net from "node:net";
import { after, before, describe, it } from "node:test";
import { createClient } from "@connectrpc/connect";
import { ExtensionService } from "@ddbridge/client";
import { startBridge, type TestBridge, TOKEN } from "@ddbridge/testing";

/** Sends raw bytes and returns what comes back before the server closes. */
function raw(connect: () => net.Socket, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect();
    let got = "";
    s.on("data", (d) => {
      got += d;
    });
    s.on("end", () => resolve(got));
    s.on("error", reject);
    s.write(bytes);
  });
}

describe("requests connect-node would crash on", () => {
  let bridge: TestBridge;
  before(async () => {
    bridge = await startBridge();
  });
  after(() => bridge.close());

  const alive = async () =>
    assert.equal(
      (await createClient(ExtensionService, bridge.transport()).getInfo({})).name,
      "test-extension",
    );

  it("HTTP/1.0 without a Host header is served, not fatal", async () => {
    const port = Number(new URL(bridge.url).port);
    const body = "{}";
    const res = await raw(
      () => net.connect(port, "127.0.0.1"),
      `POST /ddbridge.v1.ExtensionService/GetInfo HTTP/1.0\r\nContent-Type: application/json\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    assert.match(res, /^HTTP\/1\.1 200/);
    assert.match(res, /"name":"test-extension"/);
    await alive();
  });

  it("an HTTP/2 authority that is not a host (grpc-python on a unix socket) is served", async () => {
    for (const authority of ["tmp%2Fd.sock", "%", "x:y:z"]) {
      const session = http2.connect("http://localhost", {
        createConnection: () => net.connect(bridge.unixPath),
      });
      const status = await new Promise<number>((resolve, reject) => {
        const req = session.request({
          ":method": "POST",
          ":path": "/ddbridge.v1.ExtensionService/GetInfo",
          ":authority": authority,
          "content-type": "application/json",
          authorization: `Bearer ${TOKEN}`,
        });
        req.on("response", (h) => resolve(Number(h[":status"])));
        req.on("error", reject);
        req.end("{}");
      });
      session.close();
      assert.equal(status, 200, authority);
    }
    await alive();
  });
});
