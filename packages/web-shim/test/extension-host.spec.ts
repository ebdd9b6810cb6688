import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createDdClient, type DdClient } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import {
  BUSYBOX_IMAGE,
  buildGoFixtureBackend,
  chromiumSkip,
  type DaemonProcess,
  ddbridgeSync,
  dockerForTests,
  ensureBusyboxImage,
  eventually,
  installedResources,
  launchChromium,
  newPage,
  pathExists,
  removeTestContainers,
  spawnDaemon,
  stopDaemon,
  TEST_LABEL,
  type TempDir,
  tempDir,
  tempHome,
} from "@ddbridge/testing";
import type { Browser, Page } from "playwright-core";

declare const window: Window & { ddClient: any };

const docker = await dockerForTests();
const build = await tempDir("ddbridge-host-fixture-");
const BACKEND = join(build.dir, "backend");
const skip = chromiumSkip() || docker.skip || buildGoFixtureBackend(BACKEND);

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8" fill="#0b5cad"/></svg>`;

/** A test extension's folder (`up` builds it): the Go fixture backend, a UI, two host binaries. */
async function extensionFolder(root: string, name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, "ui"), { recursive: true });
  await mkdir(join(dir, "linux"), { recursive: true });
  await writeFile(
    join(dir, "metadata.json"),
    JSON.stringify({
      name: `Extension ${name}`,
      icon: "icon.svg",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: compose's own syntax, filled in by up
      vm: { image: "${DESKTOP_PLUGIN_IMAGE}", exposes: { socket: `${name}.sock` } },
      host: {
        binaries: [
          { linux: [{ path: `/linux/${name}-hello` }, { path: `/linux/${name}-sleeper` }] },
        ],
      },
      ui: { "dashboard-tab": { title: name, root: "/ui", src: "index.html" } },
    }),
  );
  await writeFile(join(dir, "icon.svg"), ICON);
  // A button that opens Desktop's logs view of the container named in the field, as an extension would.
  await writeFile(
    join(dir, "ui", "index.html"),
    `<!doctype html><title>${name}</title><h1>${name}</h1>
<input id="container" aria-label="container"><button id="show-logs">Show logs</button>
<script>document.getElementById("show-logs").onclick = () =>
  ddClient.desktopUI.navigate.viewContainerLogs(document.getElementById("container").value);</script>`,
  );
  await writeFile(join(dir, "linux", `${name}-hello`), `#!/bin/sh\necho "hello from ${name} $*"\n`);
  await writeFile(
    join(dir, "linux", `${name}-sleeper`),
    "#!/bin/sh\necho started\nexec sleep 300\n",
  );
  await chmod(join(dir, "linux", `${name}-hello`), 0o755);
  await chmod(join(dir, "linux", `${name}-sleeper`), 0o755);
  await writeFile(join(dir, "backend"), await readFile(BACKEND));
  await chmod(join(dir, "backend"), 0o755);
  await writeFile(
    join(dir, "Dockerfile"),
    `FROM ${BUSYBOX_IMAGE}\nCOPY backend /backend\nCOPY metadata.json icon.svg /\nCOPY ui /ui\nCOPY linux /linux\nCMD ["/backend", "/run/guest-services/${name}.sock"]\n`,
  );
  return dir;
}

/** A Connect JSON call with a Host of our choosing (as a client that names an origin). */
function callWithHost(
  url: string,
  host: string,
  token: string,
  path = "/ddbridge.v1.HttpService/Call",
  body: object = { method: "GET", path: "/hits" },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method: "POST",
        headers: { host, authorization: `Bearer ${token}`, "content-type": "application/json" },
      },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

describe("ddbridge host: two extensions from two images, each on its own origin", { skip }, () => {
  let home: TempDir;
  let work: TempDir;
  let host: DaemonProcess;
  let browser: Browser;
  let port: number;
  let indexUrl: string;
  let pageA: Page;
  let pageB: Page;
  let tokenA: string;
  let tokenB: string;
  let slugB: string;
  let folderB: string;
  let ddA: DdClient;
  let ddB: DdClient;
  const ls = () =>
    JSON.parse(ddbridgeSync(["ls", "--json"], { DDBRIDGE_HOME: home.dir })) as Array<{
      name: string;
      url?: string;
      dir: string;
    }>;
  const hitsOfB = async () =>
    ((await ddB.extension.vm!.service!.get("/hits")) as { hits: number }).hits;

  before(async () => {
    await ensureBusyboxImage(docker.engine!);
    home = await tempHome();
    work = await tempDir("ddbridge-host-exts-");
    const a = await extensionFolder(work.dir, "ext-a");
    const b = await extensionFolder(work.dir, "ext-b");
    folderB = b;
    host = await spawnDaemon(
      [a, b, "--listen", "127.0.0.1:0", "--network", "none", "--wait", "30s"],
      { DDBRIDGE_HOME: home.dir },
      { command: "host", timeoutMs: 240_000 },
    );
    port = Number(new URL(host.url).port);
    indexUrl = /Open the extensions: (\S+)/.exec(host.stdout())![1]!;
    for (const e of ls()) {
      const token = (await readFile(join(e.dir, "token"), "utf8")).trim();
      if (e.url?.includes("ext-a")) tokenA = token;
      else {
        tokenB = token;
        slugB = e.dir.split("/").pop()!;
      }
    }
    ddA = createDdClient(createNodeTransport({ url: host.url, token: tokenA }));
    ddB = createDdClient(createNodeTransport({ url: host.url, token: tokenB }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    if (host) await stopDaemon(host);
    await home?.remove();
    await work?.remove();
    await build.remove();
    if (docker.engine) await removeTestContainers(docker.engine);
  });

  it("the index page lists both, with icon, version, state and a link that logs into each origin", async () => {
    assert.match(indexUrl, new RegExp(`^http://localhost:${port}/#ddbridge-code=`));
    const index = await newPage(browser);
    await index.goto(indexUrl);
    await index.locator("article[data-extension]").nth(1).waitFor();
    const cards = await index.locator("article[data-extension]").evaluateAll((els) =>
      els.map((e) => ({
        label: e.getAttribute("data-extension"),
        text: e.textContent,
        icon: e.querySelector("img")?.getAttribute("src")?.slice(0, 26),
        href: e.querySelector("a")!.getAttribute("href")!,
      })),
    );
    assert.deepEqual(
      cards.map((c) => c.label),
      ["ext-a", "ext-b"],
    );
    for (const c of cards) {
      assert.match(c.text!, /Extension ext-. ?.*latest.*running/s);
      assert.equal(c.icon, "data:image/svg+xml;base64,");
      assert.match(c.href, new RegExp(`^http://${c.label}\\.localhost:${port}/#ddbridge-code=`));
    }
    // The list is behind the host's token: the address alone shows nothing.
    const bare = await newPage(browser);
    await bare.goto(`http://localhost:${port}/`);
    await bare.getByRole("alert").waitFor();
    assert.equal(await bare.locator("article").count(), 0);
    await bare.close();

    pageA = await newPage(browser);
    await pageA.goto(cards[0]!.href);
    pageB = await newPage(browser);
    await pageB.goto(cards[1]!.href);
    for (const [page, name] of [
      [pageA, "ext-a"],
      [pageB, "ext-b"],
    ] as const) {
      await page.waitForFunction(() => window.ddClient !== undefined);
      const r = await page.evaluate(async (n) => {
        const hello = await window.ddClient.extension.vm.service.get("/hello");
        const bin = await window.ddClient.extension.host.cli.exec(`${n}-hello`, ["from the page"]);
        return { hello: hello.message, bin: bin.stdout };
      }, name);
      assert.equal(r.hello, "hello from the backend");
      assert.equal(r.bin, `hello from ${name} from the page\n`);
    }
    await index.close();
  });

  it("one extension's page and token reach nothing of the other's: each attempt is refused before B's backend", async () => {
    const hitsBefore = await hitsOfB();
    await pageA.evaluate(() => localStorage.setItem("secret", "of A"));
    assert.equal(await pageB.evaluate(() => localStorage.getItem("secret")), null);

    const attempts = await pageA.evaluate(async (port) => {
      const credential = sessionStorage.getItem("ddbridge-credential")!;
      const b = `http://ext-b.localhost:${port}`;
      const tryIt = async (f: () => Promise<Response>) => {
        try {
          const r = await f();
          return r.type === "opaque" ? "opaque" : `status ${r.status}`;
        } catch {
          return "refused";
        }
      };
      const ws = await new Promise<string>((resolve) => {
        const s = new WebSocket(`ws://ext-b.localhost:${port}/ddbridge/backend/hits`, [
          `base64url.bearer.ddbridge.${btoa(credential).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_")}`,
        ]);
        s.onopen = () => resolve("open");
        s.onerror = () => resolve("refused");
      });
      return {
        call: await tryIt(() =>
          fetch(`${b}/ddbridge.v1.HttpService/Call`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${credential}` },
            body: JSON.stringify({ method: "GET", path: "/hits" }),
          }),
        ),
        simple: await tryIt(() =>
          fetch(`${b}/ddbridge.v1.HttpService/Call`, {
            method: "POST",
            mode: "no-cors",
            headers: { "content-type": "text/plain" },
            body: "{}",
          }),
        ),
        session: await tryIt(() =>
          fetch(`${b}/ddbridge/session`, { method: "POST", mode: "no-cors", body: "x" }),
        ),
        index: await tryIt(() =>
          fetch(`http://localhost:${port}/ddbridge/host/extensions`, {
            headers: { authorization: `Bearer ${credential}` },
          }),
        ),
        ws,
        credentialLength: credential.length,
      };
    }, port);
    assert.deepEqual(
      { ...attempts, credentialLength: attempts.credentialLength > 20 },
      {
        call: "refused",
        simple: "opaque",
        session: "opaque",
        index: "refused",
        ws: "refused",
        credentialLength: true,
      },
    );
    // A client with A's token: on B's origin it is refused; by address it reaches A only.
    const onB = await callWithHost(host.url, `ext-b.localhost:${port}`, tokenA);
    assert.equal(onB.status, 401, onB.body);
    assert.match(onB.body, /unauthenticated/);
    await assert.rejects(
      ddA.extension.host!.cli!.exec("ext-b-hello", []),
      /not found|NOT_FOUND|no host binary/i,
    );
    assert.equal(
      ((await ddA.extension.host!.cli!.exec("ext-a-hello", ["by token"])) as { stdout: string })
        .stdout,
      "hello from ext-a by token\n",
    );
    // The index's own token is no extension's, and no token is refused at the index.
    const bare = await callWithHost(
      host.url,
      `127.0.0.1:${port}`,
      "not-a-token-of-anything-here-0000000",
    );
    assert.equal(bare.status, 404, bare.body);
    assert.match(host.stderr(), /refused browser request/);
    // Nothing of all that reached B's backend: only this read itself.
    assert.equal(await hitsOfB(), hitsBefore + 1);
  });

  it("navigate.* opens the daemon's views: the logs view follows a container's new lines, the terminal runs a shell", async () => {
    const engine = docker.engine!;
    const ticker = await engine.api.createContainer({
      Image: BUSYBOX_IMAGE,
      Cmd: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo line-$i; sleep 0.3; done"],
      Labels: { [TEST_LABEL]: "1" },
      HostConfig: { NetworkMode: "none", Init: true },
    });
    await ticker.start();
    const id = ticker.id;
    const open = async (call: string) => {
      const popup = pageA.waitForEvent("popup");
      await pageA.evaluate(
        ([c, i]) => (window.ddClient.desktopUI.navigate as any)[c!](i),
        [call, id],
      );
      const view = await popup;
      await view.waitForLoadState();
      return view;
    };
    // Clicked in the extension's own UI, as a user would.
    await pageA.fill("#container", id);
    const clicked = pageA.waitForEvent("popup");
    await pageA.click("#show-logs");
    const logs = await clicked;
    await logs.waitForLoadState();
    assert.match(
      new URL(logs.url()).pathname,
      new RegExp(`^/ddbridge/views/containers/${id}/logs$`),
    );
    assert.equal(new URL(logs.url()).host, `ext-a.localhost:${port}`);
    await logs.waitForFunction(() => document.querySelectorAll("#logs div").length >= 3);
    const seen = await logs.locator("#logs div").count();
    // Lines the container writes after the view opened appear in it.
    await logs.waitForFunction((n) => document.querySelectorAll("#logs div").length >= n + 3, seen);
    assert.match((await logs.locator("#logs div").last().textContent())!, /^line-\d+$/);
    await logs.close();

    const list = await open("viewContainers");
    await list.locator("table").waitFor();
    assert.match((await list.locator("table").textContent())!, /ddbridge-test\/busybox/);
    await list.close();

    const inspect = await open("viewContainerInspect");
    await inspect.locator("pre").waitFor();
    assert.match((await inspect.locator("pre").textContent())!, new RegExp(id));
    await inspect.close();

    const terminal = await open("viewContainerTerminal");
    await terminal.locator(".xterm").waitFor();
    await terminal.waitForFunction(
      () => document.getElementById("terminal-state")?.textContent === "connected",
    );
    await terminal.locator(".xterm").click();
    await terminal.keyboard.type("echo $((6*7))-answer\n");
    await terminal.waitForFunction(() =>
      /42-answer/.test(document.querySelector(".xterm-rows")?.textContent ?? ""),
    );
    await terminal.close();

    await assert.rejects(
      pageA.evaluate(() =>
        window.ddClient.desktopUI.navigate.viewContainerLogs("no-such-container"),
      ),
      /does not exist/,
    );
    await ticker.remove({ force: true });
  });

  it("rm of one extension while the other's page streams: the other keeps streaming, nothing of the removed one is left", async () => {
    await pageA.evaluate(() => {
      (window as any).ticks = 0;
      window.ddClient.extension.vm.cli.exec(
        "sh",
        ["-c", "while true; do echo tick; sleep 0.2; done"],
        { stream: { onOutput: () => (window as any).ticks++, splitOutputLines: true } },
      );
    });
    await pageA.waitForFunction(() => (window as any).ticks >= 2);
    // B runs a host binary that would sleep for 5 minutes.
    let sleeperClosed = false;
    let sleeperOut = "";
    ddB.extension.host!.cli!.exec("ext-b-sleeper", [], {
      stream: {
        onOutput: (o: { stdout?: string }) => (sleeperOut += o.stdout ?? ""),
        onError: () => (sleeperClosed = true),
        onClose: () => (sleeperClosed = true),
      },
    });
    while (!sleeperOut.includes("started")) await new Promise((r) => setTimeout(r, 50));
    const bDir = ls().find((e) => e.url?.includes("ext-b"))!.dir;
    const sleepers = () =>
      spawnSync("pgrep", ["-f", `${bDir}/image/linux/ext-b-sleeper|sleep 300`], {
        encoding: "utf8",
      }).stdout.trim();
    assert.notEqual(sleepers(), "");

    const out = ddbridgeSync(["rm", "ext-b"], { DDBRIDGE_HOME: home.dir });
    assert.match(out, /ext-b is no longer served/);
    const ticksAfterRm = await pageA.evaluate(() => (window as any).ticks);
    await pageA.waitForFunction((n) => (window as any).ticks >= n + 5, ticksAfterRm);
    while (!sleeperClosed) await new Promise((r) => setTimeout(r, 50));
    // Gone within the kill grace (a CI run once saw it a moment after its stream had closed).
    assert.ok(
      await eventually(() => sleepers() === ""),
      `the removed extension's host process is gone: ${psOf(sleepers())}`,
    );
    const left = await installedResources(docker.engine!, slugB);
    assert.deepEqual(
      {
        containers: left.containers.length,
        volumes: left.volumes.length,
        networks: left.networks.length,
      },
      { containers: 0, volumes: 0, networks: 0 },
    );
    assert.equal(await pathExists(bDir), false, "its folder, socket and files are gone");
    assert.deepEqual(
      ls().map((e) => e.url),
      [`http://ext-a.localhost:${port}`],
    );
    const gone = await callWithHost(host.url, `ext-b.localhost:${port}`, tokenB);
    assert.equal(gone.status, 404);
    assert.match(
      gone.body,
      /"code":"not_found".*no extension \\"ext-b\\"/,
      "in the caller's protocol",
    );
    // A still answers.
    assert.equal(
      ((await ddA.extension.vm!.service!.get("/hello")) as { message: string }).message,
      "hello from the backend",
    );

    // Installing one into the running host does not restart the other: A streams on throughout.
    const ticksBeforeUp = await pageA.evaluate(() => (window as any).ticks);
    const added = ddbridgeSync(["up", folderB], { DDBRIDGE_HOME: home.dir });
    assert.match(added, new RegExp(`is served by the host at http://ext-b\\.localhost:${port}`));
    await pageA.waitForFunction((n) => (window as any).ticks >= n + 5, ticksBeforeUp);
    const newB = ls().find((e) => e.url?.includes("ext-b")) as { tokenFile?: string } | undefined;
    assert.ok(newB?.tokenFile, "ls --json names its token file");
    const ddNewB = createDdClient(
      createNodeTransport({
        url: host.url,
        token: (await readFile(newB.tokenFile, "utf8")).trim(),
      }),
    );
    assert.equal(((await ddNewB.extension.vm!.service!.get("/hits")) as { hits: number }).hits, 0);
  });

  it("update of one extension brings it back on the same origin with the same token: its page works after a reload", async () => {
    const out = ddbridgeSync(["update", "ext-a"], { DDBRIDGE_HOME: home.dir });
    assert.match(out, new RegExp(`updated and served at http://ext-a\\.localhost:${port}`));
    await pageA.reload();
    await pageA.waitForFunction(() => window.ddClient !== undefined);
    const hello = await pageA.evaluate(() => window.ddClient.extension.vm.service.get("/hello"));
    assert.equal(hello.message, "hello from the backend");
  });
});

/** `ps` lines of the given pids, for a failure message. */
function psOf(pids: string): string {
  if (!pids) return "(none)";
  const ids = pids.split("\n").join(",");
  return spawnSync("ps", ["-o", "pid,ppid,pgid,stat,etimes,args", "-p", ids], { encoding: "utf8" })
    .stdout;
}
