import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { Code, createClient } from "@connectrpc/connect";
import { Exec, ExtensionService, HttpService, Target } from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import {
  DDBRIDGE_BIN,
  eventually,
  extensionDir,
  HOST_BIN,
  isAlive,
  pathExists,
  spawnDaemon,
  tempDir,
} from "@ddbridge/testing";

const run = promisify(execFile);

describe("ddbridge serve", () => {
  it("generates a 0600 token file, listens on a 0600 unix socket, and serves both", async () => {
    const ext = await extensionDir({ name: "cli-test" });
    const home = await tempDir();
    const unix = join(home.dir, "d.sock");
    const d = await spawnDaemon(
      ["--extension", ext.dir, "--listen", "127.0.0.1:0", "--unix", unix, "--host-bin", HOST_BIN],
      { DDBRIDGE_HOME: home.dir, DDBRIDGE_TOKEN: "" },
    );
    try {
      const tokenFile = join(home.dir, "token");
      assert.equal((await stat(tokenFile)).mode & 0o777, 0o600);
      assert.equal((await stat(unix)).mode & 0o777, 0o600);
      for (const t of [{ url: d.url }, { socketPath: unix }]) {
        const exec = createClient(Exec, createNodeTransport({ ...t, tokenFile }));
        let out = "";
        for await (const r of exec.run({ target: Target.HOST, command: "args", args: ["hi"] })) {
          if (r.event.case === "output") out += Buffer.from(r.event.value.data).toString();
        }
        assert.equal(out, "hi\n");
      }
      assert.match(
        d.stderr(),
        /"msg":"rpc","method":"ddbridge.v1.Exec\/Run","command":"args","exitCode":0,"ms":[\d.]+,"code":"ok"/,
      );
    } finally {
      d.child.kill("SIGTERM");
      await d.exit;
      await ext.remove();
      await home.remove();
    }
  });

  it("ddbridge url prints a link whose login code works once, for a session credential that is not the token", async () => {
    const ext = await extensionDir({ name: "url-test" });
    const home = await tempDir();
    const d = await spawnDaemon(["--extension", ext.dir, "--listen", "127.0.0.1:0"], {
      DDBRIDGE_HOME: home.dir,
      DDBRIDGE_TOKEN: "",
    });
    try {
      const token = (await readFile(join(home.dir, "token"), "utf8")).trim();
      const env = { ...process.env, DDBRIDGE_HOME: home.dir, DDBRIDGE_TOKEN: "" };
      const printed = await run(process.execPath, [DDBRIDGE_BIN, "url", d.url!], { env });
      const link = new URL(printed.stdout.trim());
      assert.equal(link.origin, d.url);
      assert.ok(!printed.stdout.includes(token), "the token is not in the link");
      const code = new URLSearchParams(link.hash.slice(1)).get("ddbridge-code")!;
      const exchange = () =>
        fetch(`${d.url}/ddbridge/session`, { method: "POST", body: code }).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { credential?: string; message?: string },
        }));
      const first = await exchange();
      assert.equal(first.status, 200);
      const credential = first.body.credential!;
      assert.ok(!credential.includes(token));
      const http = createClient(
        HttpService,
        createNodeTransport({
          url: d.url!,
          token: credential,
          protocol: "connect",
          httpVersion: "1.1",
        }),
      );
      // No backend here: FAILED_PRECONDITION means the credential got past the token check.
      const err = await http.call({ method: "GET", path: "/" }).catch((e) => e);
      assert.equal(err.code, Code.FailedPrecondition, String(err));
      assert.deepEqual(await exchange(), {
        status: 401,
        body: { message: "this login link was already used" },
      });
      assert.match(
        d.stderr(),
        /"msg":"refused a login code","reason":"this login link was already used"/,
      );
      const get = await fetch(`${d.url}/ddbridge/session`);
      assert.equal(get.status, 405);
      const long = await fetch(`${d.url}/ddbridge/session`, {
        method: "POST",
        body: "c".repeat(1000),
      });
      assert.deepEqual(
        [long.status, await long.json()],
        [401, { message: "not a ddbridge login code" }],
      );
    } finally {
      d.child.kill("SIGTERM");
      await d.exit;
      await ext.remove();
      await home.remove();
    }
  });

  it("on SIGTERM ends running commands and exits 0", async () => {
    const ext = await extensionDir();
    const home = await tempDir();
    const d = await spawnDaemon(
      ["--extension", ext.dir, "--listen", "127.0.0.1:0", "--host-bin", HOST_BIN],
      {
        DDBRIDGE_HOME: home.dir,
      },
    );
    try {
      const exec = createClient(
        Exec,
        createNodeTransport({ url: d.url, tokenFile: join(home.dir, "token") }),
      );
      const pids = await new Promise<number[]>((resolve, reject) => {
        void (async () => {
          for await (const r of exec.run({ target: Target.HOST, command: "family" })) {
            if (r.event.case === "output")
              resolve(Buffer.from(r.event.value.data).toString().trim().split(" ").map(Number));
          }
        })().catch(reject);
      });
      assert.ok(pids.every(isAlive));
      d.child.kill("SIGTERM");
      assert.equal(await d.exit, 0);
      assert.ok(await eventually(() => pids.every((p) => !isAlive(p))), `left running: ${pids}`);
      assert.match(d.stderr(), /shutting down/);
    } finally {
      d.child.kill("SIGKILL");
      await ext.remove();
      await home.remove();
    }
  });

  it("a --ready-file it cannot write: exit 2 naming it, and no daemon left serving", async () => {
    const ext = await extensionDir({ name: "ready-file-test" });
    try {
      const r = await run(
        process.execPath,
        [DDBRIDGE_BIN, "serve", "--extension", ext.dir, "--listen", "127.0.0.1:0"].concat([
          "--ready-file",
          "/no/such/folder/ready.json",
        ]),
        { env: { ...process.env, DDBRIDGE_TOKEN: "r".repeat(32) }, timeout: 15_000 },
      ).catch((e) => e);
      assert.equal(r.code, 2, `exit ${r.code} ${r.signal ?? ""}: ${r.stderr}`);
      assert.match(r.stderr, /--ready-file \/no\/such\/folder\/ready\.json: ENOENT/);
    } finally {
      await ext.remove();
    }
  });

  it("exits 2 with one line naming the file and field for a bad flag or extension folder", async () => {
    const bad = await run(process.execPath, [DDBRIDGE_BIN, "serve", "--nope"]).catch((e) => e);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Unknown option '--nope'/);
    assert.match(bad.stderr, /ddbridge serve --help/);

    const missing = await run(process.execPath, [
      DDBRIDGE_BIN,
      "serve",
      "--extension",
      "/no/such",
    ]).catch((e) => e);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.trim().split("\n").length, 1, missing.stderr);
    assert.match(missing.stderr, /no \/no\/such\/metadata\.json/);

    const noUi = await extensionDir({
      ui: { "dashboard-tab": { title: "x", root: "/ui", src: "index.html" } },
    });
    const badField = await extensionDir({ vm: { exposes: { socket: "../x.sock" } } });
    // A wrong type is a metadata error too (it was Node's "path" message, exit 1).
    const numberRoot = await extensionDir({
      ui: { "dashboard-tab": { title: "x", root: 5, src: "index.html" } },
    });
    try {
      const r = await run(process.execPath, [DDBRIDGE_BIN, "serve", "--extension", noUi.dir]).catch(
        (e) => e,
      );
      assert.equal(r.code, 2);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /metadata\.json: ui\["dashboard-tab"\]\.root: no folder .*\/ui/);
      assert.doesNotMatch(r.stderr, /ENOENT|at /);
      for (const [dir, message] of [
        [badField.dir, /metadata\.json: vm\.exposes\.socket must be a file name/],
        [numberRoot.dir, /ui\["dashboard-tab"\]\.root must be a string, got 5/],
      ] as const) {
        const bad = await run(process.execPath, [DDBRIDGE_BIN, "serve", "--extension", dir]).catch(
          (e) => e,
        );
        assert.equal(bad.code, 2, bad.stderr);
        assert.match(bad.stderr, message);
      }
      const ftp = await run(process.execPath, [
        DDBRIDGE_BIN,
        "serve",
        "--extension",
        noUi.dir,
        "--ui-source",
        "ftp://x",
      ]).catch((e) => e);
      assert.equal(ftp.code, 2);
      assert.match(ftp.stderr, /--ui-source must be an http or https URL/);
    } finally {
      await noUi.remove();
      await badField.remove();
      await numberRoot.remove();
    }
  });

  it("has help per command, --version, and no stack trace for an unknown command", async () => {
    const help = await run(process.execPath, [DDBRIDGE_BIN, "--help"]);
    assert.match(help.stdout, /ddbridge validate DIR\|FILE\|IMAGE/);
    assert.match(help.stdout, /ddbridge init-tests \[DIR\]/);
    const serveHelp = await run(process.execPath, [DDBRIDGE_BIN, "serve", "--help"]);
    assert.match(serveHelp.stdout, /^Usage: ddbridge serve/);
    assert.match(serveHelp.stdout, /--token-file PATH/);
    // docs/cli.md's flag listing is serve --help's, word for word.
    const flags = serveHelp.stdout.split("Flags:\n")[1]!.split("\n\n")[0]!;
    const readme = await readFile(new URL("../../../docs/cli.md", import.meta.url), "utf8");
    assert.ok(
      readme.includes(`\`\`\`\nddbridge serve [--extension DIR] [flags]\n${flags}\n\`\`\``),
      "docs/cli.md's ddbridge serve flags differ from ddbridge serve --help",
    );
    const execHelp = await run(process.execPath, [DDBRIDGE_BIN, "exec", "--help"]);
    const execFlags = execHelp.stdout.split("Flags:\n")[1]!.split("State (")[0]!.trimEnd();
    assert.ok(
      readme.includes(
        `\`\`\`\nddbridge exec [-i] [-t] [--host|--docker] [flags] CMD [ARGS...]\n${execFlags}\n\`\`\``,
      ),
      "docs/cli.md's ddbridge exec flags differ from ddbridge exec --help",
    );
    const upHelp = await run(process.execPath, [DDBRIDGE_BIN, "help", "up"]);
    assert.match(upHelp.stdout, /^Usage: ddbridge up IMAGE\|DIR/);
    assert.doesNotMatch(upHelp.stdout, /--token-file/);
    const lsHelp = await run(process.execPath, [DDBRIDGE_BIN, "ls", "-h"]);
    assert.match(lsHelp.stdout, /^Usage: ddbridge ls/);
    const v = await run(process.execPath, [DDBRIDGE_BIN, "--version"]);
    const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    assert.equal(v.stdout, `ddbridge ${pkg.version}\n`);
    const unknown = await run(process.execPath, [DDBRIDGE_BIN, "nope"]).catch((e) => e);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command "nope"/);
  });

  it("--listen HOST:0 prints the port it got; a missing socket is a warning naming it, then UNAVAILABLE", async () => {
    const ext = await extensionDir({ vm: { exposes: { socket: "gone.sock" } } });
    const home = await tempDir();
    const d = await spawnDaemon(
      ["--extension", ext.dir, "--listen", "127.0.0.1:0", "--ui", ext.dir],
      {
        DDBRIDGE_HOME: home.dir,
      },
    );
    try {
      const socket = join(home.dir, "guest-services", "gone.sock");
      assert.match(
        d.stderr(),
        new RegExp(`no backend socket at ${socket.replace(/[.]/g, "\\.")} yet`),
      );
      assert.ok(
        await eventually(() =>
          d.stdout().includes(`Open the extension UI: ${d.url}/#ddbridge-code=c1.`),
        ),
        d.stdout(),
      );
      assert.notEqual(new URL(d.url).port, "0");
      const http = createClient(
        HttpService,
        createNodeTransport({ url: d.url, tokenFile: join(home.dir, "token") }),
      );
      const err = await http.call({ method: "GET", path: "/x" }).catch((e) => e);
      assert.equal(err.code, Code.Unavailable);
      assert.match(err.message, new RegExp(`no socket at ${socket.replace(/[.]/g, "\\.")}`));
    } finally {
      d.child.kill("SIGTERM");
      await d.exit;
      await ext.remove();
      await home.remove();
    }
  });

  it("runs metadata.json's host.binaries for this platform from under DIR, and nothing else", async () => {
    const ext = await extensionDir({
      host: {
        binaries: [
          {
            linux: [{ path: "/linux/tool" }],
            darwin: [{ path: "/darwin/tool" }],
            windows: [{ path: "/windows/tool.exe" }],
          },
        ],
      },
    });
    const home = await tempDir();
    const platformDir = process.platform === "darwin" ? "darwin" : "linux";
    await mkdir(join(ext.dir, platformDir), { recursive: true });
    await writeFile(join(ext.dir, platformDir, "tool"), "#!/bin/sh\necho tool $1\n", {
      mode: 0o755,
    });
    await writeFile(join(ext.dir, platformDir, "other"), "#!/bin/sh\necho other\n", {
      mode: 0o755,
    });
    const d = await spawnDaemon(
      ["--extension", ext.dir, "--listen", "127.0.0.1:0", "--image", "acme/tool:1.2"],
      {
        DDBRIDGE_HOME: home.dir,
      },
    );
    try {
      const transport = createNodeTransport({ url: d.url, tokenFile: join(home.dir, "token") });
      const exec = createClient(Exec, transport);
      let out = "";
      for await (const r of exec.run({ target: Target.HOST, command: "tool", args: ["ok"] })) {
        if (r.event.case === "output") out += Buffer.from(r.event.value.data).toString();
      }
      assert.equal(out, "tool ok\n");
      const refused = await (async () => {
        for await (const _ of exec.run({ target: Target.HOST, command: "other" })) {
        }
      })().catch((e) => e);
      assert.equal(refused.code, Code.NotFound);
      assert.match(refused.message, /host\.binaries lists: tool/);
      const info = await createClient(ExtensionService, transport).getInfo({});
      assert.equal(info.image, "acme/tool:1.2");
    } finally {
      d.child.kill("SIGTERM");
      await d.exit;
      await ext.remove();
      await home.remove();
    }
  });

  it("validate DIR and PATH/metadata.json: a valid extension passes; each problem is one line naming its field; no Dockerfile: labels unchecked", async () => {
    const ext = await extensionDir({
      icon: "docker.svg",
      ui: { "dashboard-tab": { title: "Hi", root: "/ui", src: "index.html" } },
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder Docker Desktop expands
      vm: { image: "${DESKTOP_PLUGIN_IMAGE}" },
      host: { binaries: [{ linux: [{ path: "/linux/tool" }] }] },
    });
    const labels = [
      'org.opencontainers.image.title="Hi"',
      'org.opencontainers.image.description="A test"',
      'org.opencontainers.image.vendor="ddbridge"',
      'com.docker.desktop.extension.api.version=">= 0.3.4"',
      "com.docker.desktop.extension.icon=https://example.com/icon.svg",
      `com.docker.extension.screenshots='[{"alt":"a","url":"https://example.com/a.png"}]'`,
      'com.docker.extension.detailed-description="More"',
      "com.docker.extension.publisher-url=https://example.com",
      'com.docker.extension.changelog="First"',
    ];
    try {
      await mkdir(join(ext.dir, "ui"));
      await mkdir(join(ext.dir, "linux"));
      await writeFile(join(ext.dir, "docker.svg"), "<svg/>");
      await writeFile(join(ext.dir, "ui", "index.html"), "<!doctype html>");
      await writeFile(join(ext.dir, "linux", "tool"), "");
      await writeFile(
        join(ext.dir, "Dockerfile"),
        `FROM scratch\nLABEL ${labels.join(" \\\n  ")}\n`,
      );
      const ok = await run(process.execPath, [DDBRIDGE_BIN, "validate", ext.dir]);
      assert.equal(ok.stdout, `${ext.dir}: valid extension\n`);

      await writeFile(
        join(ext.dir, "Dockerfile"),
        `FROM scratch\nLABEL ${labels.slice(1).join(" ")}\n`,
      );
      await rm(join(ext.dir, "linux", "tool"));
      const bad = await run(process.execPath, [DDBRIDGE_BIN, "validate", ext.dir]).catch((e) => e);
      assert.equal(bad.code, 1);
      assert.equal(
        bad.stdout,
        'host.binaries[0].linux[0].path: "/linux/tool": no such file\n' +
          "LABEL org.opencontainers.image.title: is required\n",
      );
      assert.match(bad.stderr, /2 problem\(s\)/);

      const usage = await run(process.execPath, [DDBRIDGE_BIN, "validate"]).catch((e) => e);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /validate takes one DIR, PATH\/metadata\.json or IMAGE/);

      // Before an image exists: metadata.json alone, or a folder without a Dockerfile.
      await writeFile(join(ext.dir, "linux", "tool"), "");
      const file = await run(process.execPath, [
        DDBRIDGE_BIN,
        "validate",
        join(ext.dir, "metadata.json"),
      ]);
      assert.match(
        file.stdout,
        /metadata\.json: valid extension \(metadata only: labels are checked/,
      );
      await rm(join(ext.dir, "Dockerfile"));
      const noDockerfile = await run(process.execPath, [DDBRIDGE_BIN, "validate", ext.dir]);
      assert.equal(
        noDockerfile.stdout,
        `${ext.dir}: valid extension (labels not checked: no Dockerfile in the folder)\n`,
      );
      await rm(join(ext.dir, "linux", "tool"));
      const badFile = await run(process.execPath, [
        DDBRIDGE_BIN,
        "validate",
        join(ext.dir, "metadata.json"),
      ]).catch((e) => e);
      assert.equal(badFile.code, 1);
      assert.equal(badFile.stdout, 'host.binaries[0].linux[0].path: "/linux/tool": no such file\n');
    } finally {
      await ext.remove();
    }
  });

  it("--open hands the UI URL with its token to $BROWSER; ls with nothing installed says so", async () => {
    const ext = await extensionDir({
      ui: { "dashboard-tab": { title: "x", root: "/ui", src: "index.html" } },
    });
    const home = await tempDir();
    await mkdir(join(ext.dir, "ui"));
    await writeFile(join(ext.dir, "ui", "index.html"), "<!doctype html><p>hi</p>");
    const opened = join(home.dir, "opened");
    const browser = join(home.dir, "browser");
    await writeFile(browser, `#!/bin/sh\necho "$1" > "${opened}"\n`, { mode: 0o755 });
    const daemon = await spawnDaemon(
      ["--extension", ext.dir, "--listen", "127.0.0.1:0", "--open"],
      {
        DDBRIDGE_HOME: home.dir,
        BROWSER: browser,
      },
    );
    try {
      await eventually(() => pathExists(opened), 10_000);
      const url = (await readFile(opened, "utf8")).trim();
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/#ddbridge-code=c1\.\S+$/);
      assert.ok(daemon.stdout().includes(url), daemon.stdout());
      const page = await fetch(new URL("/", url));
      assert.match(await page.text(), /<p>hi<\/p>/);
      // Nobody may frame a page that holds the token; no sniffing, no referrer.
      for (const path of ["/", "/ddbridge/shim.js", "/missing.png"]) {
        const h = (await fetch(new URL(path, url))).headers;
        assert.equal(h.get("x-frame-options"), "DENY", path);
        assert.equal(h.get("content-security-policy"), "frame-ancestors 'none'", path);
        assert.equal(h.get("x-content-type-options"), "nosniff", path);
        assert.equal(h.get("referrer-policy"), "no-referrer", path);
      }

      const ls = await run(process.execPath, [DDBRIDGE_BIN, "ls"], {
        env: { ...process.env, DDBRIDGE_HOME: home.dir },
      });
      assert.match(ls.stdout, /^no extensions installed/);
    } finally {
      daemon.child.kill("SIGTERM");
      await daemon.exit;
      await ext.remove();
      await home.remove();
    }
  });

  it("a SIGTERM right after the listening line still shuts down cleanly (exit 0)", async () => {
    const ext = await extensionDir();
    try {
      // --open makes the start-up do more after "listening": the signal must be heard anyway.
      for (let i = 0; i < 5; i++) {
        const child = spawn(
          process.execPath,
          [
            DDBRIDGE_BIN,
            "serve",
            "--extension",
            ext.dir,
            "--listen",
            "127.0.0.1:0",
            "--ui",
            ext.dir,
            "--open",
          ],
          { env: { ...process.env, DDBRIDGE_HOME: ext.dir, BROWSER: "/bin/true" } },
        );
        let err = "";
        let sent = false;
        child.stderr.on("data", (d) => {
          err += d;
          if (!sent && err.includes('"msg":"listening"')) {
            sent = true;
            child.kill("SIGTERM");
          }
        });
        const [code, signal] = await new Promise<[number | null, string | null]>((r) =>
          child.once("exit", (c, s) => r([c, s])),
        );
        assert.deepEqual([code, signal], [0, null], err);
      }
    } finally {
      await ext.remove();
    }
  });

  it("refuses to start when the port is taken", async () => {
    const ext = await extensionDir();
    const home = await tempDir();
    const first = await spawnDaemon(["--extension", ext.dir, "--listen", "127.0.0.1:0"], {
      DDBRIDGE_HOME: home.dir,
    });
    try {
      const port = new URL(first.url).port;
      const second = await run(
        process.execPath,
        [DDBRIDGE_BIN, "serve", "--extension", ext.dir, "--listen", `127.0.0.1:${port}`],
        { env: { ...process.env, DDBRIDGE_HOME: home.dir } },
      ).catch((e) => e);
      assert.equal(second.code, 1);
      assert.match(second.stderr, /EADDRINUSE/);
      assert.match(second.stderr, /already in use.*--listen 127\.0\.0\.1:0/);
      assert.doesNotMatch(second.stderr, /\n\s+at /);
    } finally {
      first.child.kill("SIGTERM");
      await first.exit;
      await ext.remove();
      await home.remove();
    }
  });
});

describe("ddbridge up, down and ls without a Docker engine", () => {
  it("up says how to point at an engine and records nothing; down forgets a record and names what stays", async () => {
    const home = await tempDir();
    const ext = await extensionDir({ name: "no-engine" });
    const env = {
      ...process.env,
      DDBRIDGE_HOME: home.dir,
      DOCKER_HOST: `unix://${join(home.dir, "no-docker.sock")}`,
      DOCKER_CONTEXT: "",
    };
    try {
      await writeFile(join(ext.dir, "Dockerfile"), "FROM scratch\n");
      const up = await run(process.execPath, [DDBRIDGE_BIN, "up", ext.dir, "--yes"], {
        env,
      }).catch((e) => e);
      assert.equal(up.code, 1, up.stderr);
      assert.match(
        up.stderr,
        /no Docker engine answers at unix:\/\/.*no-docker\.sock \(connect ENOENT/,
      );
      assert.match(up.stderr, /DOCKER_HOST=/);
      assert.match(up.stderr, /--docker-host URL/);
      assert.match(up.stderr, /docker context use NAME/);
      assert.equal(await pathExists(join(home.dir, "extensions")), false, "nothing recorded");
      const ls = await run(process.execPath, [DDBRIDGE_BIN, "ls"], { env });
      assert.match(ls.stdout, /no extensions installed/);

      // A record left by an earlier up, whose engine is gone now.
      const dir = join(home.dir, "extensions", "acme-gone-1");
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(dir, "ddbridge-up.json"),
        JSON.stringify({
          image: "acme/gone:1",
          project: "ddbridge-gone",
          builtImage: false,
          containers: ["0123456789abcdef0123"],
          volumes: ["ddbridge-gone_data"],
        }),
      );
      // The name comes from the image's metadata.json: its escapes must not reach the terminal.
      await writeFile(
        join(dir, "metadata.json"),
        JSON.stringify({ name: "gone\u001b]0;owned\u0007\nforged-ext  acme/x:1  running" }),
      );
      const listed = await run(process.execPath, [DDBRIDGE_BIN, "ls"], { env });
      assert.match(listed.stdout, /acme\/gone:1\s+unknown: no engine at unix:/);
      assert.doesNotMatch(
        listed.stdout,
        // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for them is the test
        /[\u0000-\u0008\u000b-\u001f\u007f]/,
        "no control characters",
      );
      assert.equal(listed.stdout.trimEnd().split("\n").length, 2, listed.stdout);
      assert.match(listed.stdout, /gone\\x1b\]0;owned\\x07\\x0aforged-ext/);
      const down = await run(process.execPath, [DDBRIDGE_BIN, "down", "acme/gone:1"], {
        env,
      }).catch((e) => e);
      assert.equal(down.code, 1, down.stderr);
      assert.match(down.stdout, /removed folder .*acme-gone-1 \(the local record of acme-gone-1\)/);
      assert.match(
        down.stdout,
        /not removed: container 0123456789ab\nnot removed: volume ddbridge-gone_data/,
      );
      assert.match(down.stderr, /no Docker engine answers at .*only local files were removed/);
      assert.match(down.stderr, /ddbridge down --all/);
      assert.equal(await pathExists(dir), false);
      const after = await run(process.execPath, [DDBRIDGE_BIN, "ls"], { env });
      assert.match(after.stdout, /no extensions installed/);
    } finally {
      await ext.remove();
      await home.remove();
    }
  });
});
