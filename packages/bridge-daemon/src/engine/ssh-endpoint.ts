import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { homedir, userInfo } from "node:os";
import { join } from "node:path";

/** How ddbridge logs into an ssh:// engine: ssh2's connect options. */
export interface SshLogin {
  host: string;
  port: number;
  username: string;
  /** The ssh agent's socket (SSH_AUTH_SOCK), tried first. */
  agent?: string;
  /** The first unencrypted key of ~/.ssh (id_ed25519, id_ecdsa, id_rsa), when there is one. */
  privateKey?: Buffer;
  /** Accepts only a host key ~/.ssh/known_hosts lists for this host, as `ssh` does by default. */
  hostVerifier: (key: Buffer) => boolean;
}

const KEY_FILES = ["id_ed25519", "id_ecdsa", "id_rsa"];

/**
 * The login for `ssh://[user@]host[:port]` as the docker CLI's ssh would
 * make it: the agent, else a key of ~/.ssh; the user name of the URL, else
 * this user's. The host key must be in known_hosts (hashed entries too): an
 * engine is root on its machine, and a connection to an unknown key is
 * refused, not trusted on first use.
 */
export function sshLogin(
  url: URL,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): SshLogin {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = Number(url.port || 22);
  const known = readKnownHosts(join(home, ".ssh", "known_hosts"), host, port);
  let privateKey: Buffer | undefined;
  for (const name of KEY_FILES) {
    const key = readOrUndefined(join(home, ".ssh", name));
    // An encrypted key needs its passphrase: the agent is the way to use one.
    if (key && !key.includes("ENCRYPTED") && !isEncryptedOpenSshKey(key)) {
      privateKey = key;
      break;
    }
  }
  return {
    host,
    port,
    username: decodeURIComponent(url.username) || env.USER || userInfo().username,
    ...(env.SSH_AUTH_SOCK ? { agent: env.SSH_AUTH_SOCK } : {}),
    ...(privateKey ? { privateKey } : {}),
    hostVerifier: (key) => known.has(key.toString("base64")),
  };
}

/** Why a login cannot work, said before the first connection; undefined when it may. */
export function sshLoginProblem(login: SshLogin, home: string = homedir()): string | undefined {
  const where = login.port === 22 ? login.host : `[${login.host}]:${login.port}`;
  if (readKnownHosts(join(home, ".ssh", "known_hosts"), login.host, login.port).size === 0) {
    return `${where} is not in ${join(home, ".ssh", "known_hosts")}: connect once with ssh ${login.port === 22 ? "" : `-p ${login.port} `}${login.username}@${login.host} (or ssh-keyscan) to trust its host key`;
  }
  if (!login.agent && !login.privateKey) {
    return `no ssh key for ${where}: start an ssh agent (SSH_AUTH_SOCK) or put an unencrypted key in ~/.ssh (${KEY_FILES.join(", ")})`;
  }
  return undefined;
}

/** The base64 host keys known_hosts lists for host:port (plain and hashed names). */
export function readKnownHosts(file: string, host: string, port: number): Set<string> {
  const text = readOrUndefined(file)?.toString("utf8") ?? "";
  const name = port === 22 ? host : `[${host}]:${port}`;
  const keys = new Set<string>();
  for (const line of text.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 3 || fields[0]!.startsWith("#") || fields[0]!.startsWith("@")) continue;
    const [names, , key] = fields as [string, string, string];
    if (names.split(",").some((n) => nameMatches(n, name))) keys.add(key);
  }
  return keys;
}

function nameMatches(pattern: string, name: string): boolean {
  if (!pattern.startsWith("|1|")) return pattern === name;
  const [, , salt, hash] = pattern.split("|");
  if (!salt || !hash) return false;
  const digest = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64");
  return digest === hash;
}

function isEncryptedOpenSshKey(key: Buffer): boolean {
  const text = key.toString("utf8");
  const body = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END/.exec(text)?.[1];
  if (!body) return false;
  // openssh-key-v1\0, then the cipher name: "none" for a key without a passphrase.
  const raw = Buffer.from(body.replace(/\s+/g, ""), "base64");
  const len = raw.readUInt32BE(15);
  return raw.subarray(19, 19 + len).toString() !== "none";
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
