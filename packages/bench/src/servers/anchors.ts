import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { freePort } from "@ddbridge/testing";

/** A reverse proxy to the backend socket that the bench compares ddbridge with. */
export interface Anchor {
  name: AnchorName;
  /** Where it listens: `http://127.0.0.1:PORT`. */
  url: string;
  /** Its process (nginx: the master). */
  pid: number;
  stop(): Promise<void>;
}

export type AnchorName = "nginx" | "Node proxy";

const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => existsSync(p));

/**
 * nginx as one hop to the backend socket: one worker, keep-alive upstream
 * connections, no buffering to disk, no access log: how cheap a proxy hop
 * can be. Its own config, temp folders and pid file under `dir`.
 * Undefined (with the reason on stderr) when nginx is not installed.
 */
export async function startNginx(dir: string, socketPath: string): Promise<Anchor | undefined> {
  if (!NGINX) {
    process.stderr.write("bench: no nginx (apt-get install nginx): its anchor is left out\n");
    return undefined;
  }
  const root = join(dir, "nginx");
  await mkdir(join(root, "temp"), { recursive: true });
  const port = await freePort();
  const conf = join(root, "nginx.conf");
  await writeFile(
    conf,
    `${process.getuid?.() === 0 ? "user root;\n" : ""}worker_processes 1;
daemon off;
pid ${root}/nginx.pid;
error_log ${root}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${root}/temp/body;
  proxy_temp_path ${root}/temp/proxy;
  fastcgi_temp_path ${root}/temp/fastcgi;
  uwsgi_temp_path ${root}/temp/uwsgi;
  scgi_temp_path ${root}/temp/scgi;
  keepalive_requests 1000000;
  upstream backend {
    server unix:${socketPath};
    keepalive 256;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_max_temp_file_size 0;
    }
  }
}
`,
  );
  execFileSync(NGINX, ["-t", "-q", "-c", conf, "-p", root], { stdio: "inherit" });
  const child = spawn(NGINX, ["-c", conf, "-p", root], { stdio: ["ignore", "ignore", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, child);
  return { name: "nginx", url, pid: child.pid!, stop: () => stopChild(child) };
}

/** The plain Node reverse proxy (node-proxy-main.ts) in its own process. */
export async function startNodeProxy(socketPath: string): Promise<Anchor> {
  const main = join(import.meta.dirname, "node-proxy-main.ts");
  const child = spawn(process.execPath, ["--import", "tsx", main, socketPath], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await once(lines, "line")) as [string];
  lines.close();
  const port = /^listening (\d+)$/.exec(line)?.[1];
  if (!port) throw new Error(`node proxy: unexpected first line ${line}`);
  return {
    name: "Node proxy",
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () => stopChild(child),
  };
}

async function waitForHttp(url: string, child: ChildProcess) {
  const until = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode})`);
    try {
      const res = await fetch(`${url}/large?bytes=1`);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`nothing answered on ${url} within 10 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stopChild(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await once(child, "exit");
}
