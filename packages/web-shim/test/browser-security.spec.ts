import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createLogger } from "@ddbridge/bridge-daemon";
import { chromiumSkip, launchChromium, newPage, startUiBridge, TOKEN } from "@ddbridge/testing";
import type { Browser } from "playwright-core";

/**
 * A stand-in for a UI dev server (e.g. Vite) on another port, so another
 * origin, whose page loads the shim from the daemon at `daemon.url`.
 */
async function devServer(daemon: { url: string }): Promise<{ origin: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(
      `<!doctype html><html><head><script src="${daemon.url}/ddbridge/shim.js"></script></head><body>dev</body></html>`,
    );
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("browser security", { skip: chromiumSkip() }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser.close());

  it("a dev server origin allowed with --allow-origin works cross-origin; another origin is refused", async () => {
    // The dev servers start first: their origins go into the daemon's policy.
    const daemon = { url: "" };
    const allowed = await devServer(daemon);
    const other = await devServer(daemon);
    const bridge = await startUiBridge({
      ui: { root: join(import.meta.dirname, "conformance"), entry: "index.html" },
      browser: { allowOrigins: new Set([allowed.origin]), allowHosts: new Set() },
    });
    daemon.url = bridge.url;
    try {
      for (const protocol of ["connect", "grpc-web"]) {
        const page = await newPage(browser);
        await page.goto(`${allowed.origin}/?ddbridge-protocol=${protocol}#ddbridge-token=${TOKEN}`);
        const ok = await page.evaluate(async () => {
          const dd = (window as any).ddClient;
          const hello = await dd.extension.vm.service.get("/hello");
          const exec = await dd.extension.host.cli.exec("args", ["cross-origin"]);
          return { hello, out: exec.stdout };
        });
        assert.deepEqual(ok, {
          hello: { message: "hello from the backend" },
          out: "cross-origin\n",
        });
        await page.close();

        const bad = await newPage(browser);
        await bad.goto(`${other.origin}/?ddbridge-protocol=${protocol}#ddbridge-token=${TOKEN}`);
        const refused = await bad.evaluate(async () => {
          const dd = (window as any).ddClient;
          return dd.extension.host.cli.exec("args", ["x"]).then(
            () => "ran",
            (e: any) => String(e.message),
          );
        });
        assert.notEqual(refused, "ran", `${protocol}: a foreign origin must not run commands`);
        await bad.close();
      }
    } finally {
      await bridge.close();
      allowed.server.close();
      other.server.close();
    }
  });

  it("a page without a usable token tells its user what to run; the daemon logs the refusal at warn", async () => {
    const lines: string[] = [];
    const bridge = await startUiBridge({
      ui: { root: join(import.meta.dirname, "conformance"), entry: "index.html" },
      logger: createLogger("warn", (l) => lines.push(l)),
    });
    try {
      const page = await newPage(browser);
      await page.goto(`${bridge.url}/`);
      const overlay = page.getByRole("alertdialog");
      await overlay.waitFor();
      assert.match(
        String(await overlay.textContent()),
        /Open this extension with its ddbridge link/,
      );
      assert.match(
        String(await overlay.textContent()),
        new RegExp(`npx ddbridge url ${bridge.url}`),
      );
      const failed = await page.evaluate(() =>
        (window as any).ddClient.extension.vm.service.get("/hello").then(
          () => "ok",
          (e: any) => String(e.message),
        ),
      );
      assert.match(failed, /missing bearer token/);
      await overlay.getByRole("button", { name: "Dismiss" }).click();
      assert.equal(await page.getByRole("alertdialog").count(), 0);
      const warn = lines.map((l) => JSON.parse(l)).find((l) => /without a valid token/.test(l.msg));
      assert.ok(warn, lines.join(""));
      assert.equal(warn.level, "warn");
      assert.match(warn.reason, /missing bearer token/);
      assert.equal(warn.method, "/ddbridge.v1.HttpService/Call");
      await page.close();

      // A stale token (the daemon has another one): told once a call is refused, streaming too.
      for (const call of ["service", "exec"]) {
        const stale = await newPage(browser);
        await stale.goto(`${bridge.url}/#ddbridge-token=${"x".repeat(40)}`);
        assert.equal(await stale.getByRole("alertdialog").count(), 0, "a token is there");
        await stale.evaluate(async (call) => {
          const dd = (window as any).ddClient;
          if (call === "service") return dd.extension.vm.service.get("/hello").catch(() => {});
          await new Promise<void>((done) =>
            dd.extension.host.cli.exec("args", ["x"], {
              stream: { onOutput() {}, onError: () => done(), onClose: () => done() },
            }),
          );
        }, call);
        await stale.getByRole("alertdialog").waitFor();
        assert.match(
          String(await stale.getByRole("alertdialog").textContent()),
          /ddbridge refused this page's token/,
        );
        await stale.close();
      }
    } finally {
      await bridge.close();
    }
  });

  it("refuses pages reached through a foreign DNS name (DNS rebinding)", async () => {
    const bridge = await startUiBridge({
      ui: { root: join(import.meta.dirname, "conformance"), entry: "index.html" },
    });
    const port = new URL(bridge.url).port;
    // evil.test resolves to 127.0.0.1, as a rebinding attacker's name would.
    const rebinding = await launchChromium(["--host-resolver-rules=MAP evil.test 127.0.0.1"]);
    try {
      const page = await rebinding.newPage();
      const res = await page.goto(`http://evil.test:${port}/`);
      assert.equal(res?.status(), 421);
      assert.match((await page.textContent("body")) ?? "", /not this daemon/);
      const shim = await page.goto(`http://evil.test:${port}/ddbridge/shim.js`);
      assert.equal(shim?.status(), 421);
      // The same daemon by its IP address serves the page.
      assert.equal((await page.goto(`${bridge.url}/`))?.status(), 200);
    } finally {
      await rebinding.close();
      await bridge.close();
    }
  });
});
