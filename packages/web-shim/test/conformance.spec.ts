import assert from "node:assert/strict";
import { hostname } from "node:os";
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
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";

/* The page side of these checks runs in Chromium, where window.ddClient is untyped. */
declare const window: Window & { ddClient: any; __opened?: string[] };

for (const protocol of ["connect", "grpc-web"] as const) {
  describe(`window.ddClient conformance in Chromium over ${protocol}`, {
    skip: chromiumSkip(),
  }, () => {
    let browser: Browser;
    let bridge: Awaited<ReturnType<typeof startUiBridge>>;
    let page: Page;
    before(async () => {
      browser = await launchChromium();
      bridge = await startUiBridge({
        ui: { root: join(import.meta.dirname, "conformance"), entry: "index.html" },
      });
      page = await newPage(browser);
      await page.goto(`${bridge.url}/?ddbridge-protocol=${protocol}#ddbridge-token=${TOKEN}`);
    });
    after(async () => {
      await browser.close();
      await bridge.close();
    });

    it("createDockerDesktopClient() from @docker/extension-api-client returns our client", async () => {
      // Bundled as an extension's own bundler would (the package only has a "browser" entry).
      const bundle = await build({
        stdin: {
          contents: `import { createDockerDesktopClient } from "@docker/extension-api-client";
            window.__same = createDockerDesktopClient() === window.ddClient;`,
          resolveDir: import.meta.dirname,
        },
        bundle: true,
        platform: "browser",
        write: false,
      });
      await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
      await page.waitForFunction(() => (window as any).__same !== undefined);
      assert.equal(await page.evaluate(() => (window as any).__same), true);
    });

    it("vm.service: JSON parsed, text as text, empty and HEAD as '', binary byte for byte", async () => {
      const r = await page.evaluate(async () => {
        const s = window.ddClient.extension.vm.service;
        const bin = await s.get("/binary");
        return {
          json: await s.get("/hello"),
          text: await s.get("/text"),
          empty: await s.get("/status/204"),
          head: await s.head("/hello"),
          binIsBytes: bin instanceof Uint8Array,
          bin: Array.from(bin as Uint8Array),
          large: ((await s.get("/large?bytes=5000000")) as Uint8Array).byteLength,
        };
      });
      assert.deepEqual(r.json, { message: "hello from the backend" });
      assert.equal(r.text, "plain text, not JSON");
      assert.equal(r.empty, "");
      assert.equal(r.head, "");
      assert.equal(r.binIsBytes, true);
      assert.deepEqual(
        r.bin,
        Array.from({ length: 256 }, (_, i) => i),
      );
      assert.equal(r.large, 5000000);
    });

    it("vm.service: objects sent as JSON, strings as is, no body for undefined, request() headers", async () => {
      const r = await page.evaluate(async () => {
        const s = window.ddClient.extension.vm.service;
        return {
          obj: await s.post("/echo", { a: [1, "é"] }),
          str: await s.put("/echo", '"quoted" stays'),
          none: await s.patch("/echo", undefined),
          del: await s.delete("/echo?x=1"),
          req: await s.request({
            url: "/echo",
            method: "POST",
            headers: { "X-Custom": "yes" },
            data: { b: 1 },
          }),
        };
      });
      assert.equal(r.obj.body, '{"a":[1,"é"]}');
      assert.equal(r.obj.headers["content-type"], "application/json");
      assert.equal(r.str.body, '"quoted" stays');
      assert.equal(r.none.body, "");
      assert.equal(r.del.method, "DELETE");
      assert.equal(r.del.path, "/echo?x=1");
      assert.equal(r.req.headers["x-custom"], "yes");
      assert.equal(r.req.body, '{"b":1}');
    });

    it("vm.service: a non-2xx rejects with a ServiceError (an Error with name, message, statusCode)", async () => {
      const r = await page.evaluate(async () => {
        const e = await window.ddClient.extension.vm.service
          .get("/status/503")
          .catch((x: any) => x);
        const abs = await window.ddClient.extension.vm.service
          .get("https://example.com/")
          .catch((x: any) => x);
        return {
          isError: e instanceof Error,
          name: e.name,
          message: e.message,
          statusCode: e.statusCode,
          stack: typeof e.stack,
          abs: abs.message,
        };
      });
      assert.deepEqual(r, {
        isError: true,
        name: "Service Unavailable",
        message: "status 503",
        statusCode: 503,
        stack: "string",
        abs: r.abs,
      });
      assert.match(r.abs, /absolute URL/);
    });

    for (const target of ["vm", "host"] as const) {
      const cmd = (n: string) => (target === "vm" ? `./${n}` : n);

      it(`${target}.cli.exec buffered: ExecResult helpers, words read as Desktop reads them, rejection on non-zero exit`, async () => {
        const r = await page.evaluate(
          async ([t, args, json, fail, notExecutable]) => {
            const exec = window.ddClient.extension[t].cli.exec;
            const cannot = await exec(notExecutable, []).catch((x: any) => x);
            const a = await exec(args, ['"{{ json . }}"', "'x'", "a b", "$(id)", "|"]);
            const whole = await exec(`${args} -c "nginx -v"`, []);
            const streamed = await new Promise<string[]>((resolve) => {
              const out: string[] = [];
              exec(args, ['"{{ json . }}"', "a b", 'source="x"'], {
                stream: {
                  splitOutputLines: true,
                  onOutput: (d: any) => out.push(d.stdout),
                  onClose: () => resolve(out),
                },
              });
            });
            const j = await exec(json, ["'{\"a\":1}'", "'{\"b\":2}'"]);
            const o = await exec(json, ["'{\"k\": [1]}'"]);
            const e = await exec(fail, ["4"]).catch((x: any) => x);
            const missing = await exec("no-such-binary", []).catch((x: any) => x);
            return {
              lines: a.lines(),
              whole: whole.lines(),
              streamed,
              code: a.code,
              jsonLines: j.parseJsonLines(),
              object: o.parseJsonObject(),
              err: { code: e.code, stdout: e.stdout, stderr: e.stderr, lines: e.lines() },
              missing: { isError: missing instanceof Error, message: missing.message },
              // What extensions print from a rejection, as a shell would say it.
              shellLike: [
                [missing.code, missing.stdout, missing.stderr],
                [cannot.code, cannot.stdout, cannot.stderr],
              ],
            };
          },
          [target, cmd("args"), cmd("args"), cmd("exit-with"), cmd("not-executable")] as const,
        );
        assert.deepEqual(r.lines, ["{{ json . }}", "x", "a", "b", "$(id)", "|"]);
        assert.deepEqual(r.whole, ["-c", "nginx -v"]);
        assert.deepEqual(r.streamed, ['"{{ json . }}"', "a b", 'source="x"']);
        assert.equal(r.code, 0);
        assert.deepEqual(r.jsonLines, [{ a: 1 }, { b: 2 }]);
        assert.deepEqual(r.object, { k: [1] });
        assert.deepEqual(r.err, { code: 4, stdout: "out\n", stderr: "err\n", lines: ["out"] });
        assert.equal(r.missing.isError, true);
        assert.match(r.missing.message, /no-such-binary/);
        const [[code127, out127, err127], [code126, out126, err126]] =
          r.shellLike as unknown[][] as [[number, string, string], [number, string, string]];
        assert.equal(code127, 127);
        assert.equal(out127, "");
        assert.match(err127, /no-such-binary/);
        assert.equal(code126, 126);
        assert.equal(out126, "");
        assert.match(err126, /not-executable/);
      });

      it(`${target}.cli.exec stream: UTF-8 split across chunks, splitOutputLines with the final partial line, one onClose`, async () => {
        const r = await page.evaluate(
          async ([t, c]) => {
            const exec = window.ddClient.extension[t].cli.exec;
            const run = (split: boolean) =>
              new Promise<any[]>((resolve) => {
                const calls: any[] = [];
                exec(c, [], {
                  stream: {
                    splitOutputLines: split,
                    onOutput: (d: any) => calls.push(["out", d]),
                    onError: (e: any) => calls.push(["error", String(e)]),
                    onClose: (code: number) => {
                      calls.push(["close", code]);
                      setTimeout(() => resolve(calls), 200);
                    },
                  },
                });
              });
            return { split: await run(true), raw: await run(false) };
          },
          [target, cmd("utf8-split")] as const,
        );
        assert.deepEqual(r.split, [
          ["out", { stdout: "héllo wörld €" }],
          ["out", { stdout: "second line" }],
          ["out", { stderr: "érr ✓" }],
          ["out", { stdout: "last partial" }],
          ["close", 0],
        ]);
        const text = (s: string) =>
          r.raw
            .filter(([k, d]) => k === "out" && d[s] !== undefined)
            .map(([, d]) => d[s])
            .join("");
        assert.equal(text("stdout"), "héllo wörld €\nsecond line\nlast partial");
        assert.equal(text("stderr"), "érr ✓\n");
        assert.deepEqual(r.raw.at(-1), ["close", 0]);
        assert.equal(r.raw.filter(([k]) => k !== "out").length, 1);
      });

      it(`${target}.cli.exec stream: close() ends the process and stops every callback`, async () => {
        const pids: number[] = await page.evaluate(
          ([t, c]) =>
            new Promise<number[]>((resolve) => {
              const w = window as any;
              w.__calls = [];
              w.__proc = window.ddClient.extension[t].cli.exec(c, [], {
                stream: {
                  onOutput: (d: any) => {
                    w.__calls.push("out");
                    resolve(String(d.stdout).trim().split(" ").map(Number));
                  },
                  onError: () => w.__calls.push("error"),
                  onClose: () => w.__calls.push("close"),
                },
              });
            }),
          [target, cmd("family")] as const,
        );
        assert.ok(pids.every(isAlive));
        await page.evaluate(() => (window as any).__proc.close());
        assert.ok(await eventually(() => pids.every((p) => !isAlive(p))), `still running: ${pids}`);
        await page.waitForTimeout(300);
        assert.deepEqual(await page.evaluate(() => (window as any).__calls), ["out"]);
      });

      it(`${target}.cli.exec stream: onError when it cannot start or dies by a signal, exactly once`, async () => {
        const r = await page.evaluate(
          async ([t, c]) => {
            const exec = window.ddClient.extension[t].cli.exec;
            const run = (command: string, args: string[]) =>
              new Promise<any[]>((resolve) => {
                const calls: any[] = [];
                const done = () => setTimeout(() => resolve(calls), 200);
                exec(command, args, {
                  stream: {
                    onOutput: (d: any) => calls.push(["out", d]),
                    onError: (e: any) => {
                      calls.push(["error", e.message]);
                      done();
                    },
                    onClose: (code: number) => {
                      calls.push(["close", code]);
                      done();
                    },
                  },
                });
              });
            return { missing: await run("no-such-binary", []), killed: await run(c, ["KILL"]) };
          },
          [target, cmd("self-kill")] as const,
        );
        assert.equal(r.missing.length, 1);
        assert.equal(r.missing[0][0], "error");
        assert.deepEqual(r.killed[0], ["out", { stdout: "before\n" }]);
        assert.equal(r.killed.length, 2);
        assert.equal(r.killed[1][0], "error");
        assert.match(r.killed[1][1], /SIGKILL/);
      });
    }

    it("deprecated v0: backend.*, execInVMExtension/execHostCmd split like shell words once, spawn arguments as given, spawn callbacks", async () => {
      const r = await page.evaluate(async () => {
        const dd = window.ddClient;
        const v0Toast = () => {
          dd.toastSuccess("v0 toast");
          return document.querySelector('[role="status"]:last-child')?.textContent;
        };
        const spawn = (fn: any, cmd: string, args: string[]) =>
          new Promise<any[]>((resolve) => {
            const calls: any[] = [];
            fn(cmd, args, (data: any, err: any) => {
              calls.push(err ? ["err", err.message] : ["data", data]);
              if (err || (data && "code" in data)) setTimeout(() => resolve(calls), 100);
            });
          });
        return {
          get: await dd.backend.get("/hello"),
          post: (await dd.backend.post("/echo", { v0: true })).body,
          vm: (await dd.backend.execInVMExtension(`./args 'a b' "c \\"d\\"" $(id) |`)).lines(),
          host: (await dd.execHostCmd("args one 'two three'")).lines(),
          spawnVm: await spawn(dd.backend.spawnInVMExtension, "./exit-with", ["2"]),
          spawnArgs: (await spawn(dd.spawnHostCmd, "args", ['"q"', "a b"]))
            .filter(([, d]) => d && "stdout" in d)
            .map(([, d]) => d.stdout)
            .join(""),
          spawnHostMissing: await spawn(dd.spawnHostCmd, "no-such-binary", []),
          toast: v0Toast(),
        };
      });
      assert.deepEqual(r.get, { message: "hello from the backend" });
      assert.equal(r.post, '{"v0":true}');
      assert.deepEqual(r.vm, ["a b", 'c "d"', "$(id)", "|"]);
      assert.deepEqual(r.host, ["one", "two three"]);
      assert.equal(r.spawnArgs, '"q"\na b\n');
      assert.deepEqual(r.spawnVm.at(-1), ["data", { code: 2 }]);
      assert.deepEqual(
        r.spawnVm
          .filter(([k, d]) => k === "data" && !("code" in d))
          .map(([, d]) => JSON.stringify(d))
          .sort(),
        ['{"stderr":"err\\n"}', '{"stdout":"out\\n"}'],
      );
      assert.equal(r.spawnHostMissing.length, 1);
      assert.equal(r.spawnHostMissing[0][0], "err");
      assert.equal(r.toast, "v0 toast");
    });

    it("the rest: extension.image, host facts, openExternal, toasts, dialog, navigation, docker", async () => {
      const r = await page.evaluate(async () => {
        const dd = window.ddClient;
        const toastEvents: unknown[] = [];
        addEventListener("ddbridge:toast", (e) => toastEvents.push((e as CustomEvent).detail));
        window.__opened = [];
        window.open = ((url: string) => {
          window.__opened!.push(url);
          return null;
        }) as typeof window.open;
        dd.host.openExternal("https://docs.docker.com/");
        let badScheme = "";
        try {
          dd.host.openExternal("javascript:alert(1)");
        } catch (e: any) {
          badScheme = e.message;
        }
        const msg = (p: Promise<unknown>) =>
          p.then(
            () => "resolved",
            (e: any) => e.message,
          );
        dd.desktopUI.toast.success("ok toast");
        dd.desktopUI.toast.warning("warn toast");
        dd.desktopUI.toast.error("error toast");
        const navigate = await msg(dd.desktopUI.navigate.viewContainerLogs("abc"));
        const v0navigate = await msg(dd.navigateToContainer("abc"));
        const toasts = [...document.querySelectorAll('[role="status"]')].map((e) => [
          (e as HTMLElement).dataset.kind,
          e.textContent,
          (e as HTMLElement).offsetHeight > 0,
        ]);
        const dockerStream = await new Promise((resolve) =>
          dd.docker.cli.exec("ps", [], {
            stream: { onError: (e: any) => resolve(e.message), onClose: () => resolve("closed") },
          }),
        );
        return {
          image: dd.extension.image,
          host: [dd.host.platform, dd.host.arch, dd.host.hostname],
          opened: window.__opened,
          badScheme,
          toasts,
          toastEvents,
          dialog: await msg(dd.desktopUI.dialog.showOpenDialog({ properties: ["openFile"] })),
          navigate,
          v0navigate,
          docker: await msg(dd.docker.cli.exec("ps", [])),
          dockerStream,
          listContainers: await msg(dd.docker.listContainers()),
          v0ListImages: await msg(dd.listImages({} as never)),
          v0DockerCmd: await msg(dd.execDockerCmd("ps")),
        };
      });
      assert.equal(r.image, "example/hello:1.0");
      assert.deepEqual(r.host, [process.platform, process.arch, hostname()]);
      assert.deepEqual(r.opened, ["https://docs.docker.com/"]);
      assert.match(r.badScheme, /only opens http and https/);
      for (const [kind, text] of [
        ["success", "ok toast"],
        ["warning", "warn toast"],
        ["error", "error toast"],
      ]) {
        assert.ok(
          r.toasts.some(([k, t, visible]) => k === kind && t === text && visible === true),
          `${kind} toast visible`,
        );
      }
      // Each toast is also a "ddbridge:toast" event, in order (what test fixtures record).
      assert.deepEqual(r.toastEvents.slice(0, 3), [
        { kind: "success", message: "ok toast" },
        { kind: "warning", message: "warn toast" },
        { kind: "error", message: "error toast" },
      ]);
      assert.equal((r.toastEvents[3] as { kind: string }).kind, "info");
      assert.match(String(r.dialog), /not available/);
      // navigate.* resolves, after a visible toast naming what Docker Desktop would open.
      assert.equal(r.navigate, "resolved");
      assert.equal(r.v0navigate, "resolved");
      assert.ok(
        r.toasts.some(
          ([k, t, visible]) =>
            k === "info" &&
            t ===
              "Docker Desktop would open the logs of container abc (desktopUI.navigate.viewContainerLogs)" &&
            visible === true,
        ),
        JSON.stringify(r.toasts),
      );
      assert.ok(
        r.toasts.some(
          ([k, t]) =>
            k === "info" && String(t).includes("container abc (desktopUI.navigate.viewContainer)"),
        ),
      );
      // This daemon runs without an engine (--no-docker): docker.* says so.
      for (const key of [
        "docker",
        "dockerStream",
        "listContainers",
        "v0ListImages",
        "v0DockerCmd",
      ] as const) {
        assert.match(String(r[key]), /no Docker engine configured/, key);
      }
    });
  });
}
