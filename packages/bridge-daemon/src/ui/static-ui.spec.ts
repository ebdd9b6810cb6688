import assert from "node:assert/strict";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { tempDir } from "@ddbridge/testing";
import { createStaticUi } from "./static-ui.js";

describe("createStaticUi", () => {
  let base = "";
  let server: http.Server;
  let cleanup: () => Promise<void>;
  before(async () => {
    const tmp = await tempDir();
    cleanup = tmp.remove;
    const root = join(tmp.dir, "ui");
    await mkdir(join(root, "assets"), { recursive: true });
    await writeFile(join(root, "index.html"), "<html><head><title>x</title></head></html>");
    await writeFile(join(root, "assets", "app.wasm"), Buffer.from([0, 0x61, 0x73, 0x6d]));
    await writeFile(join(root, "assets", "pic.webp"), "RIFF");
    await writeFile(join(root, "assets", "font.woff"), "wOFF");
    await writeFile(join(root, "assets", "big.js"), "x".repeat(1000));
    await writeFile(join(root, "assets", "big.js.gz"), gzipSync("y".repeat(1000)));
    await writeFile(join(tmp.dir, "secret.txt"), "secret");
    await symlink(join(tmp.dir, "secret.txt"), join(root, "escape.txt"));
    const ui = createStaticUi({ root, entry: "index.html" });
    server = http.createServer((req, res) => void ui(req, res));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.close();
    await cleanup();
  });

  it("injects the shim into the entry page", async () => {
    const res = await fetch(`${base}/`);
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    assert.match(await res.text(), /<head><script src="\/ddbridge\/shim.js"><\/script><title>/);
  });

  it("knows the types a Vite build emits", async () => {
    for (const [path, type] of [
      ["/assets/app.wasm", "application/wasm"],
      ["/assets/pic.webp", "image/webp"],
      ["/assets/font.woff", "font/woff"],
    ]) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get("content-type"), type, path);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    }
  });

  it("answers If-None-Match with 304 and a range with 206", async () => {
    const first = await fetch(`${base}/assets/pic.webp`, {
      headers: { "accept-encoding": "identity" },
    });
    const etag = first.headers.get("etag");
    assert.ok(etag);
    assert.equal(first.headers.get("cache-control"), "no-cache");
    const again = await fetch(`${base}/assets/pic.webp`, { headers: { "if-none-match": etag } });
    assert.equal(again.status, 304);
    const part = await fetch(`${base}/assets/big.js`, {
      headers: { range: "bytes=0-9", "accept-encoding": "identity" },
    });
    assert.equal(part.status, 206);
    assert.equal(await part.text(), "x".repeat(10));
  });

  it("sends a precompressed sibling to a browser that accepts it", async () => {
    const res = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(`${base}/assets/big.js`, { headers: { "accept-encoding": "gzip" } }, resolve),
    );
    res.resume();
    assert.equal(res.headers["content-encoding"], "gzip");
    assert.equal(res.headers["content-type"], "text/javascript");
  });

  it("never leaves the folder, by .. or by symlink", async () => {
    assert.equal((await fetch(`${base}/escape.txt`)).status, 404);
    assert.equal((await fetch(`${base}/%2e%2e/secret.txt`)).status, 404);
    assert.equal((await fetch(`${base}/nope.js`)).status, 404);
    assert.equal((await fetch(`${base}/favicon.ico`)).status, 204);
    assert.equal((await fetch(`${base}/`, { method: "POST" })).status, 405);
  });
});
