import * as http from "node:http";
import { createRequire } from "node:module";
import type { Duplex } from "node:stream";
import type { Client, ClientChannel } from "ssh2";
import type { SshLogin } from "./ssh-endpoint.js";

/** One ssh connection to an ssh:// engine's machine, shared by every use. */
export interface SshConnection {
  /** An http.Agent whose connections are `docker system dial-stdio` channels: the Engine API. */
  agent: http.Agent;
  /** A stream to the unix socket `path` there (streamlocal forwarding, as `ssh -L`); rejects when nothing listens. */
  open(path: string): Promise<Duplex>;
  close(): void;
}

/**
 * The ssh transport of an ssh:// engine, written here rather than taken from
 * docker-modem: docker-modem opens a new ssh connection (handshake and login)
 * for every Engine API request and leaves one open after an aborted request,
 * which kept `ddbridge up` from exiting. Here one connection carries every
 * request as a channel running `docker system dial-stdio` (what the docker
 * CLI and docker-modem run), and the backend's forwarded socket too. It
 * keeps the process alive only while a channel is open, and is made again
 * after it drops.
 */
export function sshConnection(login: SshLogin): SshConnection {
  let client: Promise<Client> | undefined;
  let channels = 0;
  let sock: { ref(): void; unref(): void } | undefined;
  const connect = () =>
    new Promise<Client>((resolve, reject) => {
      const c: Client = new (loadSsh2().Client)();
      c.once("ready", () => {
        sock = (c as unknown as { _sock?: typeof sock })._sock;
        if (channels === 0) sock?.unref();
        resolve(c);
      });
      c.once("error", (err) => {
        client = undefined;
        reject(err);
      });
      c.once("close", () => {
        client = undefined;
        sock = undefined;
      });
      // No keepaliveInterval: its timer would hold the process open after the last channel.
      c.connect(login);
    });
  /** Holds the process while a channel is being opened or is open; the returned function lets go, once. */
  const hold = () => {
    if (channels++ === 0) sock?.ref();
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      if (--channels === 0) sock?.unref();
    };
  };
  /** A channel once open: let go when it closes, or now when opening failed. */
  const held = <T extends ClientChannel>(
    release: () => void,
    resolve: (c: T) => void,
    reject: (e: Error) => void,
  ) => {
    return (err: Error | undefined, channel: T) => {
      if (err) {
        release();
        return reject(err);
      }
      channel.once("close", release);
      resolve(channel);
    };
  };
  const connection = async () => {
    client ??= connect();
    return client;
  };
  const agent = new http.Agent();
  // http.Agent's own hook: each request gets a fresh dial-stdio channel.
  (agent as unknown as { createConnection: unknown }).createConnection = (
    _options: unknown,
    done: (err: Error | null, stream?: Duplex) => void,
  ) => {
    const release = hold();
    connection()
      .then(
        (c) =>
          new Promise<Duplex>((resolve, reject) =>
            c.exec("docker system dial-stdio", held(release, resolve, reject)),
          ),
      )
      .then(
        (stream) => done(null, stream),
        (err: Error) => {
          release();
          done(err);
        },
      );
    return undefined;
  };
  return {
    agent,
    async open(path) {
      const release = hold();
      try {
        const c = await connection();
        return await new Promise<Duplex>((resolve, reject) =>
          c.openssh_forwardOutStreamLocal(
            path,
            held(release, resolve, (err) =>
              reject(new Error(`${path} on ${login.host}: ${err.message}`)),
            ),
          ),
        );
      } catch (err) {
        release();
        throw err;
      }
    },
    close() {
      client?.then(
        (c) => c.end(),
        () => {},
      );
      client = undefined;
    },
  };
}

/** ssh2, from the user's install: ddbridge does not install it (its native part has install scripts). */
function loadSsh2(): typeof import("ssh2") {
  try {
    return createRequire(import.meta.url)("ssh2");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw err;
    throw new Error(
      "an ssh:// Docker engine needs the ssh2 package, which ddbridge does not install: npm i ssh2",
    );
  }
}
