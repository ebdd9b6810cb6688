import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { connectEngine } from "../engine/engine.js";
import { createViewRoutes } from "./view-routes.js";

describe("the views' routes", () => {
  let server: Server;
  let base: string;
  before(async () => {
    const views = createViewRoutes({
      docker: { engine: connectEngine("unix:///nowhere.sock"), cli: "docker" },
    })!;
    server = createServer((req, res) => {
      if (!views(req, res)) res.writeHead(418).end("not a view");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it("serve one page for every view path, with the shim and the views' script, and no store", async () => {
    for (const path of ["/ddbridge/views/containers", "/ddbridge/views/containers/abc/logs"]) {
      const res = await fetch(`${base}${path}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("cache-control"), "no-store");
      assert.match(res.headers.get("content-security-policy")!, /default-src 'self'/);
      const html = await res.text();
      assert.match(html, /<script src="\/ddbridge\/shim\.js"><\/script>/);
      assert.match(html, /<script src="\/ddbridge\/views\.js"><\/script>/);
    }
    const script = await fetch(`${base}/ddbridge/views.js`);
    assert.equal(script.status, 200);
    assert.match(script.headers.get("content-type")!, /javascript/);
    assert.ok((await script.text()).length > 10_000, "the bundle, xterm.js included");
  });

  it("leave other paths to the UI, and refuse methods other than GET and HEAD", async () => {
    assert.equal((await fetch(`${base}/ddbridge/viewsx`)).status, 418);
    assert.equal((await fetch(`${base}/index.html`)).status, 418);
    const post = await fetch(`${base}/ddbridge/views/containers`, { method: "POST" });
    assert.equal(post.status, 405);
  });

  it("are none without an engine", () => {
    assert.equal(createViewRoutes({ docker: undefined }), undefined);
  });
});
