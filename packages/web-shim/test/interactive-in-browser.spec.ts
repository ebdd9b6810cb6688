import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  chromiumSkip,
  eventually,
  isAlive,
  launchChromium,
  newPage,
  startUiBridge,
  TOKEN,
} from "@ddbridge/testing";
import type { Browser, Page } from "playwright-core";

const UI = { root: join(import.meta.dirname, "conformance"), entry: "index.html" };

/** What a page's interactive exec saw: its output and how it ended. */
interface Seen {
  stdout: string;
  stderr: string;
  close?: number;
  error?: string;
}

describe("interactive exec and backend WebSockets in Chromium (beyond Docker Desktop)", {
  skip: chromiumSkip(),
}, () => {
  let browser: Browser;
  let bridge: Awaited<ReturnType<typeof startUiBridge>>;
  let page: Page;
  before(async () => {
    browser = await launchChromium();
    bridge = await startUiBridge({ ui: UI });
    page = await newPage(browser);
    await page.goto(`${bridge.url}/#ddbridge-token=${TOKEN}`);
  });
  after(async () => {
    await browser?.close();
    await bridge?.close();
  });

  it("stdin: 1 MiB of binary written, then end(), reaches the command complete and in order", async () => {
    const r = await page.evaluate(async () => {
      const data = new Uint8Array(1024 * 1024);
      for (let i = 0; i < data.length; i += 65536)
        crypto.getRandomValues(data.subarray(i, i + 65536));
      const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", data))]
        .map((b) => b.toString(16).padStart(2, "0"))
        .join("");
      const seen = await new Promise<Seen>((resolve) => {
        const s: Seen = { stdout: "", stderr: "" };
        const proc = (window as any).ddClient.extension.vm.cli.exec("sha256sum", [], {
          stdin: true,
          stream: {
            onOutput: (o: any) => {
              s.stdout += o.stdout ?? "";
              s.stderr += o.stderr ?? "";
            },
            onClose: (close: number) => resolve({ ...s, close }),
            onError: (e: any) => resolve({ ...s, error: String(e.message) }),
          },
        });
        for (let i = 0; i < data.length; i += 100_000) proc.write(data.subarray(i, i + 100_000));
        proc.end();
      });
      return { digest, seen };
    });
    assert.equal(r.seen.close, 0, r.seen.error ?? r.seen.stderr);
    assert.equal(r.seen.stdout, `${r.digest}  -\n`);
  });

  it("stdin: cat returns exactly the text written, then exits 0; input after the end is an error", async () => {
    const r = await page.evaluate(async () => {
      const text = Array.from({ length: 20_000 }, (_, i) => `line ${i} héllo ✓\n`).join("");
      let proc: any;
      const seen = await new Promise<Seen>((resolve) => {
        const s: Seen = { stdout: "", stderr: "" };
        proc = (window as any).ddClient.extension.vm.cli.exec("cat", [], {
          stdin: true,
          stream: {
            onOutput: (o: any) => {
              s.stdout += o.stdout ?? "";
            },
            onClose: (close: number) => resolve({ ...s, close }),
            onError: (e: any) => resolve({ ...s, error: String(e.message) }),
          },
        });
        proc.write(text);
        proc.end();
      });
      let late = "no error";
      try {
        proc.write("too late");
      } catch (e: any) {
        late = `${e.name}: ${e.grpcCode}: ${e.message}`;
      }
      return { same: seen.stdout === text, length: seen.stdout.length, close: seen.close, late };
    });
    assert.equal(r.close, 0);
    assert.ok(r.same, `cat returned ${r.length} characters, not the text written`);
    assert.match(r.late, /BridgeError: failed_precondition: cat has ended: it takes no more input/);
  });

  it("tty: a terminal of the asked size that follows resize(), echoes input and returns the exit code", async () => {
    await page.evaluate(() => {
      const w = window as any;
      w.term = { out: "", close: undefined as number | undefined };
      w.proc = w.ddClient.extension.vm.cli.exec("sh", [], {
        tty: { cols: 91, rows: 33 },
        stream: {
          onOutput: (o: any) => {
            w.term.out += o.stdout ?? "";
          },
          onClose: (code: number) => {
            w.term.close = code;
          },
        },
      });
      w.proc.write("stty size\n");
    });
    const out = () => page.evaluate(() => (window as any).term.out as string);
    await eventually(async () => (await out()).includes("33 91"));
    await page.evaluate(() => {
      (window as any).proc.resize(120, 40);
      (window as any).proc.write("stty size\necho hi\n");
    });
    await eventually(async () => /40 120[\s\S]*(\n|# )hi\r\n/.test(await out()));
    await page.evaluate(() => (window as any).proc.write("exit 7\n"));
    await eventually(async () => (await page.evaluate(() => (window as any).term.close)) === 7);
  });

  it("vm.service.websocket: the backend's subprotocol, a message round trip, the backend's close code and reason", async () => {
    const r = await page.evaluate(async () => {
      const ws: WebSocket = await (window as any).ddClient.extension.vm.service.websocket(
        "/ws/echo",
        ["chat"],
      );
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = () => reject(new Error("the WebSocket failed"));
      });
      const echoed = await new Promise<string>((resolve) => {
        ws.onmessage = (e) => resolve(String(e.data));
        ws.send("ping ✓");
      });
      const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
        ws.onclose = (e) => resolve({ code: e.code, reason: e.reason });
        ws.send("close 4321 backend says bye");
      });
      return { protocol: ws.protocol, url: ws.url, echoed, closed };
    });
    assert.equal(r.protocol, "chat");
    assert.equal(r.echoed, "ping ✓");
    assert.deepEqual(r.closed, { code: 4321, reason: "backend says bye" });
    assert.doesNotMatch(r.url, /token|bearer/i);
  });

  it("the backend never sees the page's credential", async () => {
    const seen = await page.evaluate(async () => {
      const ws: WebSocket = await (window as any).ddClient.extension.vm.service.websocket(
        "/ws/headers?x=1",
      );
      return new Promise<string>((resolve) => {
        ws.onmessage = (e) => resolve(String(e.data));
      });
    });
    const { url, headers } = JSON.parse(seen);
    assert.equal(url, "/ws/headers?x=1");
    assert.equal(headers.authorization, undefined);
    assert.equal(headers["sec-websocket-protocol"], undefined);
    assert.doesNotMatch(seen, new RegExp(TOKEN));
    assert.doesNotMatch(seen, /base64url\.bearer/);
  });

  it("timeoutMs is the session's deadline: the command is ended and onError says deadline_exceeded", async () => {
    const r = await page.evaluate(
      () =>
        new Promise<{ pid: number; error: string }>((resolve) => {
          let pid = 0;
          (window as any).ddClient.extension.vm.cli.exec("sh", ["-c", "echo $$; exec sleep 60"], {
            stdin: true,
            timeoutMs: 1000,
            stream: {
              onOutput: (o: any) => {
                pid = Number(o.stdout);
              },
              onError: (e: any) => resolve({ pid, error: `${e.grpcCode}: ${e.message}` }),
              onClose: () => resolve({ pid, error: "closed" }),
            },
          });
        }),
    );
    assert.match(r.error, /^deadline_exceeded: /);
    assert.ok(r.pid > 0);
    await eventually(() => !isAlive(r.pid));
  });

  it("closing the page kills its command", async () => {
    const other = await newPage(browser);
    await other.goto(`${bridge.url}/#ddbridge-token=${TOKEN}`);
    const pid = await other.evaluate(
      () =>
        new Promise<number>((resolve) => {
          (window as any).ddClient.extension.vm.cli.exec("sh", ["-c", "echo $$; exec sleep 60"], {
            stdin: true,
            stream: { onOutput: (o: any) => resolve(Number(o.stdout)) },
          });
        }),
    );
    assert.ok(isAlive(pid));
    await other.close();
    await eventually(() => !isAlive(pid));
  });
});

describe("WebSockets from a page of another origin", { skip: chromiumSkip() }, () => {
  it("cannot open the exec session nor the backend's WebSocket", async () => {
    const browser = await launchChromium();
    const daemon = { url: "" };
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(
        `<!doctype html><html><head><script src="${daemon.url}/ddbridge/shim.js"></script></head><body>other</body></html>`,
      );
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const bridge = await startUiBridge({ ui: UI });
    daemon.url = bridge.url;
    try {
      const page = await newPage(browser);
      await page.goto(`${origin}/#ddbridge-token=${TOKEN}`);
      const r = await page.evaluate(async () => {
        const dd = (window as any).ddClient;
        const exec = await new Promise<string>((resolve) => {
          dd.extension.vm.cli.exec("cat", [], {
            stdin: true,
            stream: {
              onClose: () => resolve("ran"),
              onError: (e: any) => resolve(`${e.grpcCode}: ${e.message}`),
            },
          });
        });
        const ws: WebSocket = await dd.extension.vm.service.websocket("/ws/echo");
        const backend = await new Promise<string>((resolve) => {
          ws.onopen = () => resolve("opened");
          ws.onerror = () => resolve("refused");
        });
        return { exec, backend };
      });
      assert.match(r.exec, /^unavailable: the daemon refused the session's WebSocket/);
      assert.equal(r.backend, "refused");
    } finally {
      await browser.close();
      await bridge.close();
      server.close();
    }
  });
});
