import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { Exec, HttpService } from "@ddbridge/client";
import { v1 as reflection } from "@ddbridge/proto/reflection";
import { envelope } from "@ddbridge/protocol";
import { oneMessagePaths, withEnvelopeRule } from "./envelope-guard.js";

describe("withEnvelopeRule", () => {
  it("covers one-message methods only (reflection is a bidi stream)", () => {
    const paths = oneMessagePaths([HttpService, Exec, reflection.ServerReflection]);
    assert.ok(paths.has("/ddbridge.v1.HttpService/Call"));
    assert.ok(paths.has("/ddbridge.v1.Exec/Run"));
    assert.equal(
      [...paths].some((p) => p.includes("Reflection")),
      false,
    );
  });

  it("answers a refused body itself and hands a good one on, readable again", async () => {
    const seen: string[] = [];
    const server = http.createServer(
      withEnvelopeRule(
        async (req, res) => {
          const chunks: Buffer[] = [];
          for await (const chunk of req) chunks.push(chunk as Buffer);
          seen.push(Buffer.concat(chunks).toString("hex"));
          res.end("handled");
        },
        new Set(["/s/M"]),
        16,
      ) as http.RequestListener,
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/s/M`;
    const post = (body: Buffer, path = url) =>
      fetch(path, {
        method: "POST",
        headers: { "content-type": "application/grpc-web+proto" },
        body: new Uint8Array(body),
      }).then(async (r) => ({ status: r.status, text: Buffer.from(await r.arrayBuffer()) }));
    try {
      const good = envelope(0, new Uint8Array([1, 2]));
      assert.equal((await post(good)).text.toString(), "handled");
      assert.deepEqual(seen, [good.toString("hex")]);
      const refused = await post(envelope(0x80, new Uint8Array([1])));
      assert.equal(refused.text[0], 0x80, "a gRPC-Web trailer frame");
      assert.match(refused.text.toString(), /grpc-status: ?3/);
      assert.match(
        (await post(envelope(0, new Uint8Array(17)))).text.toString(),
        /grpc-status: ?8/,
      );
      // Another path is not the rule's business.
      assert.equal(
        (await post(envelope(0x80, new Uint8Array([1])), `${url}x`)).text.toString(),
        "handled",
      );
      assert.equal(seen.length, 2);
    } finally {
      server.close();
    }
  });
});
