import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { userInfo } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.js";
import { type TempDir, tempDir } from "./temp-dir.js";

const SSHD = "/usr/sbin/sshd";

/** A running sshd on loopback, and a HOME whose ~/.ssh logs into it (key and known_hosts). */
export interface SshServer {
  port: number;
  user: string;
  /** A HOME with .ssh/id_ed25519 (no passphrase) and .ssh/known_hosts naming this server. */
  home: string;
  /** `ssh://user@127.0.0.1:PORT` */
  url: string;
  stop(): Promise<void>;
}

/** Why {@link startSshServer} cannot run here (no sshd, not root), or undefined. */
export function sshSkip(): string | undefined {
  const why = !existsSync(SSHD)
    ? "no sshd (apt-get install openssh-server)"
    : process.getuid?.() !== 0
      ? "sshd needs root to log users in"
      : undefined;
  if (why && process.env.CI === "true") throw new Error(`CI=true: ${why}`);
  return why;
}

/**
 * Starts Debian's sshd on a free loopback port with its own host key, config
 * and pid file (nothing of the machine's sshd is touched), accepting one key
 * made for the test. `env` is set for every session (DOCKER_HOST, so that
 * `docker system dial-stdio` reaches the test engine, as on a real host).
 */
export async function startSshServer(env: Record<string, string> = {}): Promise<SshServer> {
  const dir: TempDir = await tempDir("ddbridge-sshd-");
  const home = join(dir.dir, "home");
  await mkdir(join(home, ".ssh"), { recursive: true, mode: 0o700 });
  const key = join(home, ".ssh", "id_ed25519");
  const hostKey = join(dir.dir, "host_ed25519");
  for (const [file, comment] of [
    [key, "ddbridge-test"],
    [hostKey, "ddbridge-test-host"],
  ] as const) {
    const r = spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file]);
    if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
  }
  await writeFile(join(dir.dir, "authorized_keys"), await readFile(`${key}.pub`), { mode: 0o600 });
  const port = await freePort();
  const hostPub = (await readFile(`${hostKey}.pub`, "utf8")).split(" ");
  await writeFile(
    join(home, ".ssh", "known_hosts"),
    `[127.0.0.1]:${port} ${hostPub[0]} ${hostPub[1]}\n`,
  );
  const user = userInfo().username;
  const config = join(dir.dir, "sshd_config");
  await writeFile(
    config,
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${hostKey}`,
      `PidFile ${join(dir.dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${join(dir.dir, "authorized_keys")}`,
      "PermitRootLogin prohibit-password",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no",
      "AllowStreamLocalForwarding yes",
      ...(Object.keys(env).length
        ? [
            `SetEnv ${Object.entries(env)
              .map(([k, v]) => `${k}=${v}`)
              .join(" ")}`,
          ]
        : []),
      "",
    ].join("\n"),
  );
  // Debian's sshd wants its privilege separation folder.
  await mkdir("/run/sshd", { recursive: true, mode: 0o755 });
  const child: ChildProcess = spawn(SSHD, ["-D", "-e", "-f", config], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr!.on("data", (d) => (log += d));
  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      await dir.remove();
      throw new Error(`sshd did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    user,
    home,
    url: `ssh://${user}@127.0.0.1:${port}`,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      await dir.remove();
    },
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}
