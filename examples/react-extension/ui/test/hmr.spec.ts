import assert from "node:assert/strict";
import { cp, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  chromiumSkip,
  eventually,
  freePort,
  launchChromium,
  type TempDir,
  tempDir,
} from "@ddbridge/testing";
import type { Browser } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { EXTENSION, serveSample } from "./serve-ui.js";

describe("serve --ui-source: the UI from a Vite dev server, with HMR through ddbridge", {
  skip: chromiumSkip(),
}, () => {
  let copy: TempDir;
  let vite: ViteDevServer;
  let browser: Browser;
  let served: Awaited<ReturnType<typeof serveSample>>;
  let viteOrigin = "";
  before(async () => {
    // A copy of the UI to edit, sharing its node_modules.
    copy = await tempDir("ddbridge-hmr-");
    const ui = join(EXTENSION, "ui");
    for (const f of ["index.html", "vite.config.ts", "src", "package.json"]) {
      await cp(join(ui, f), join(copy.dir, f), { recursive: true });
    }
    await symlink(join(ui, "node_modules"), join(copy.dir, "node_modules"));
    const port = await freePort();
    vite = await createServer({
      root: copy.dir,
      configFile: join(copy.dir, "vite.config.ts"),
      logLevel: "warn",
      server: { port, strictPort: true, host: "127.0.0.1" },
    });
    await vite.listen();
    viteOrigin = `http://127.0.0.1:${port}`;
    served = await serveSample(["--ui-source", viteOrigin]);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await served?.stop();
    await vite?.close();
    await copy?.remove();
  });

  it("serves the dev server's page with the shim, and an edit arrives by HMR without a reload", async () => {
    const page = await browser.newPage();
    const sockets: string[] = [];
    page.on("websocket", (ws) => sockets.push(ws.url()));
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(served.url);
    await page.getByText("Pressing the button calls the backend's /hello.").waitFor();
    assert.equal(
      await page.evaluate("typeof window.ddClient.extension.vm.service.get"),
      "function",
    );
    // State that a full reload would lose.
    await page.evaluate("window.__beforeEdit = 42");
    await page.getByTestId("call").click();
    assert.equal(await page.getByTestId("swatch").getAttribute("title"), "clicked 1 times");

    const app = join(copy.dir, "src", "App.tsx");
    const source = await readFile(app, "utf8");
    await writeFile(app, source.replace("Pressing the button", "Edited: pressing the button"));
    await page
      .getByText("Edited: pressing the button calls the backend's /hello.")
      .waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate("window.__beforeEdit"), 42, "no full reload");
    assert.equal(
      await page.getByTestId("swatch").getAttribute("title"),
      "clicked 1 times",
      "React state kept (fast refresh)",
    );
    // The HMR socket went through the daemon, not straight to Vite.
    const daemonHost = new URL(served.daemon.url).host;
    assert.ok(
      sockets.some((u) => new URL(u).host === daemonHost),
      `HMR websocket through the daemon: ${sockets.join(", ")}`,
    );
    assert.deepEqual(errors, []);
  });

  it("a browser that dies with its HMR socket open does not take the daemon down", async () => {
    const other = await launchChromium();
    const page = await other.newPage();
    const opened = new Promise<void>((r) => page.on("websocket", () => r()));
    await page.goto(served.url);
    await opened;
    await page.getByTestId("title").waitFor();
    // Closing the browser resets its sockets, the HMR WebSocket among them.
    await other.close();
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(served.daemon.child.exitCode, null, served.daemon.stderr());
    const health = await fetch(`${served.daemon.url}/grpc.health.v1.Health/Check`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(health.status, 200);
  });

  it("a dev server that is down gives a clear page and a log line, and the daemon stays up", async () => {
    const down = await serveSample(["--ui-source", "http://127.0.0.1:9"]);
    try {
      const res = await fetch(`${down.daemon.url}/`);
      assert.equal(res.status, 502);
      assert.match(await res.text(), /The UI dev server is not answering[\s\S]*127\.0\.0\.1:9/);
      assert.ok(
        await eventually(() => /the UI dev server does not answer/.test(down.daemon.stderr())),
      );
      assert.equal((await fetch(`${down.daemon.url}/`)).status, 502, "still serving");
    } finally {
      await down.stop();
    }
  });

  it("the dev server's own origin may call the daemon without --allow-origin", async () => {
    const res = await fetch(`${served.daemon.url}/grpc.health.v1.Health/Check`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: viteOrigin },
      body: "{}",
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), viteOrigin);
    const foreign = await fetch(`${served.daemon.url}/grpc.health.v1.Health/Check`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example" },
      body: "{}",
    });
    assert.equal(foreign.status, 403);
  });
});
