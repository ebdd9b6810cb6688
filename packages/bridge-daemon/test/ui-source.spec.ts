import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { type DaemonProcess, extensionDir, spawnDaemon, type TempDir } from "@ddbridge/testing";

/** GET over h2c (prior knowledge), as any local process may send one: status and headers. */
function h2Get(url: string, path: string) {
  return new Promise<{ status: number; headers: http2.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      const session = http2.connect(url);
      session.on("error", reject);
      const stream = session.request({ ":path": path });
      let body = "";
      let headers: http2.IncomingHttpHeaders = {};
      stream.on("response", (h) => {
        headers = h;
      });
      stream.setEncoding("utf8");
      stream.on("data", (c: string) => {
        body += c;
      });
      stream.on("end", () => {
        session.close();
        resolve({ status: Number(headers[":status"]), headers, body });
      });
      stream.on("error", (err) => {
        session.close();
        reject(err);
      });
    },
  );
}

describe("serve --ui-source: a dev server's answers as the browser gets them", () => {
  let devServer: Server;
  let ext: TempDir;
  let daemon: DaemonProcess;
  const seen: string[] = [];
  before(async () => {
    // A dev server as Vite is one: chunked scripts, keep-alive, and pages with their own CSP.
    devServer = createServer((req, res) => {
      seen.push(req.url ?? "");
      if (req.url === "/echo-headers") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({ authorization: req.headers.authorization, cookie: req.headers.cookie }),
        );
        return;
      }
      if (req.url === "/login") {
        res.writeHead(204, { "set-cookie": "vite_session=abc; Path=/; HttpOnly" });
        res.end();
        return;
      }
      if (req.url === "/big.html") {
        // 128 MiB of HTML, as fast as the reader takes it.
        res.writeHead(200, { "content-type": "text/html" });
        res.write("<!doctype html><head><title>big</title></head><body>");
        const block = Buffer.alloc(1 << 20, "<p>x</p>");
        let left = 128;
        const more = () => {
          while (left > 0) {
            left--;
            if (!res.write(block)) return void res.once("drain", more);
          }
          res.end("</body>");
        };
        more();
        return;
      }
      if (req.url === "/gz.html") {
        // Compressed although the request asked for nothing: a dev server may do it anyway.
        res.writeHead(200, { "content-type": "text/html", "content-encoding": "gzip" });
        res.end(gzipSync("<!doctype html><head></head><p>compressed</p>"));
        return;
      }
      if (req.url === "/latin1.html") {
        res.writeHead(200, { "content-type": "text/html; charset=iso-8859-1" });
        res.end(
          Buffer.concat([
            Buffer.from("<head></head><p>caf"),
            Buffer.from([0xe9]),
            Buffer.from("</p>"),
          ]),
        );
        return;
      }
      if (req.url === "/app.js") {
        res.writeHead(200, {
          "content-type": "text/javascript",
          connection: "keep-alive, x-hop",
          "keep-alive": "timeout=5",
          "x-hop": "per connection",
        });
        res.write("console.log(");
        res.end("1);\n");
        return;
      }
      res.writeHead(200, {
        "content-type": "text/html",
        "content-security-policy": "default-src 'self'",
        "x-frame-options": "SAMEORIGIN",
      });
      res.end("<!doctype html><head></head><p>dev page</p>");
    });
    await new Promise<void>((r) => devServer.listen(0, "127.0.0.1", r));
    const source = `http://127.0.0.1:${(devServer.address() as AddressInfo).port}`;
    ext = await extensionDir({ name: "ui-source-ext" });
    daemon = await spawnDaemon([
      "--extension",
      ext.dir,
      "--ui-source",
      source,
      "--listen",
      "127.0.0.1:0",
    ]);
  });
  after(async () => {
    daemon?.child.kill("SIGTERM");
    await daemon?.exit;
    devServer?.close();
    await ext?.remove();
  });

  it("an h2c request for a chunked script is answered without hop-by-hop headers, and the daemon lives on", async () => {
    const script = await h2Get(daemon.url, "/app.js");
    assert.equal(script.status, 200);
    assert.equal(script.body, "console.log(1);\n");
    for (const name of ["connection", "keep-alive", "transfer-encoding", "x-hop"]) {
      assert.equal(script.headers[name], undefined, name);
    }
    assert.equal(daemon.child.exitCode, null, "the daemon is still running");
    const again = await fetch(new URL("/app.js", daemon.url));
    assert.equal(await again.text(), "console.log(1);\n");
  });

  it("the daemon's token and other apps' cookies never reach the dev server; RPC-shaped paths it does not serve are not proxied", async () => {
    const echo = async (cookie: string) => {
      const res = await fetch(new URL("/echo-headers", daemon.url), {
        headers: { authorization: "Bearer the-daemons-token-must-stay-here-0123456789", cookie },
      });
      return (await res.json()) as { authorization?: string; cookie?: string };
    };
    assert.deepEqual(await echo("other_app=secret"), {});
    await (await fetch(new URL("/login", daemon.url))).arrayBuffer();
    assert.deepEqual(await echo("other_app=secret; vite_session=abc"), {
      cookie: "vite_session=abc",
    });
    for (const path of [
      "/ddbridge.v1.Exec/NoSuchMethod",
      "/ddbridge.v2.Future/Call",
      "/grpc.reflection.v9/X/",
    ]) {
      const res = await fetch(new URL(path, daemon.url), {
        method: "POST",
        headers: { authorization: "Bearer the-daemons-token-must-stay-here-0123456789" },
        body: "{}",
      });
      await res.arrayBuffer();
      assert.notEqual(res.status, 200, path);
    }
    assert.deepEqual(
      seen.filter((u) => /^\/(ddbridge|grpc)\./.test(u)),
      [],
      "no RPC-shaped path reached the dev server",
    );
  });

  it("streams a huge page with the shim in its head, holding back nothing beyond it (RSS stays flat)", async (t) => {
    const hwm = () =>
      Number(
        /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${daemon.child.pid}/status`, "utf8"))![1],
      ) / 1024;
    const before = hwm();
    const res = await fetch(new URL("/big.html", daemon.url));
    const reader = res.body!.getReader();
    const first = await reader.read();
    assert.match(
      Buffer.from(first.value!).toString(),
      /<head><script src="\/ddbridge\/shim\.js"><\/script><title>big/,
    );
    let total = first.value!.length;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
    }
    assert.ok(total > 128 * 2 ** 20, `${total} bytes`);
    t.diagnostic(`peak RSS +${(hwm() - before).toFixed(1)} MiB for a 128 MiB page`);
    assert.ok(
      hwm() - before < 64,
      `peak RSS grew by ${(hwm() - before).toFixed(0)} MiB for a 128 MiB page`,
    );
  });

  it("decodes a compressed page before putting the shim in, and keeps a latin1 page's bytes", async () => {
    const gz = await fetch(new URL("/gz.html", daemon.url));
    assert.equal(gz.headers.get("content-encoding"), null);
    assert.match(
      await gz.text(),
      /<head><script src="\/ddbridge\/shim\.js"><\/script><\/head><p>compressed<\/p>/,
    );
    const latin1 = Buffer.from(
      await (await fetch(new URL("/latin1.html", daemon.url))).arrayBuffer(),
    );
    assert.ok(
      latin1.includes(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x3c])),
      latin1.toString("latin1"),
    );
  });

  it("the daemon's security headers win over the dev server's; its CSP is kept beside frame-ancestors 'none'", async () => {
    const page = await fetch(new URL("/", daemon.url));
    assert.match(await page.text(), /<p>dev page<\/p>/);
    assert.equal(page.headers.get("x-frame-options"), "DENY");
    const csp = page.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
  });
});
