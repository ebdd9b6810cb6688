import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import {
  Exec,
  messageQueue,
  OutputStream,
  type SessionRequest,
  SessionRequestSchema,
  Target,
} from "@ddbridge/client";
import { createNodeTransport } from "@ddbridge/client/node";
import { flagDefault } from "./flags.js";
import { printable } from "./terminal-text.js";
import { UsageError } from "./usage-error.js";

/** The flags of `ddbridge exec`. */
export interface ExecFlags {
  interactive?: boolean;
  tty?: boolean;
  host?: boolean;
  docker?: boolean;
  container?: string;
  workdir?: string;
  env?: string[];
  url?: string;
  "socket-path"?: string;
  "token-file"?: string;
}

/** What a terminal and the process give `exec`; tests pass their own. */
export interface ExecTerminal {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** Exit codes as `docker exec` gives them when the command never ran. */
const CANNOT_RUN: Partial<Record<Code, number>> = {
  [Code.NotFound]: 127,
  [Code.PermissionDenied]: 126,
};
/** A failure of ddbridge itself (no daemon, refused): docker's 125. */
const BRIDGE_FAILED = 125;

/**
 * `ddbridge exec [-i] [-t] [--host|--docker] CMD [ARGS...]`: runs a command
 * through a running daemon's `Exec.Session` (the generated client over
 * gRPC, as any tool builder would), as `docker exec` does: stdin with -i, a
 * terminal with -t (raw mode here, this window's size and its resizes sent),
 * Ctrl+C to the command, and the command's exit code as this one's.
 */
export async function runExec(
  positionals: string[],
  flags: ExecFlags,
  io: ExecTerminal = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
  },
): Promise<number> {
  if (!positionals[0]) {
    throw new UsageError("exec needs a command: ddbridge exec [-i] [-t] CMD [ARGS...]");
  }
  const where = [
    flags.host && "--host",
    flags.docker && "--docker",
    flags.container && "--container",
  ];
  if (where.filter(Boolean).length > 1) {
    throw new UsageError(`${where.filter(Boolean).join(" and ")} exclude each other`);
  }
  const target = flags.host
    ? Target.HOST
    : flags.docker || flags.container
      ? Target.DOCKER
      : Target.VM;
  const env = Object.fromEntries(
    (flags.env ?? []).map((pair) => {
      const eq = pair.indexOf("=");
      if (eq <= 0) throw new UsageError(`--env takes NAME=VALUE, got ${JSON.stringify(pair)}`);
      return [pair.slice(0, eq), pair.slice(eq + 1)];
    }),
  );
  const tty = flags.tty === true;
  const interactive = flags.interactive === true;
  // Another container of the daemon's engine: its docker CLI's own exec, with our -i and -t.
  const [command, ...args] = flags.container
    ? [
        "exec",
        ...(interactive ? ["-i"] : []),
        ...(tty ? ["-t"] : []),
        ...(flags.workdir ? ["-w", flags.workdir] : []),
        ...Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
        flags.container,
        ...positionals,
      ]
    : positionals;
  const size = () => ({ cols: io.stdout.columns || 80, rows: io.stdout.rows || 24 });
  const transport = createNodeTransport({
    ...(flags["socket-path"]
      ? { socketPath: flags["socket-path"] }
      : { url: flags.url ?? io.env.DDBRIDGE_URL ?? flagDefault("url") }),
    ...(flags["token-file"] ? { tokenFile: flags["token-file"] } : {}),
  });
  const exec = createClient(Exec, transport);

  const requests = messageQueue<SessionRequest>();
  const send = (event: MessageInitShape<typeof SessionRequestSchema>["event"]) =>
    requests.push(create(SessionRequestSchema, { event }));
  send({
    case: "start",
    value: {
      run: flags.container
        ? { target, command: command!, args }
        : { target, command: command!, args, cwd: flags.workdir ?? "", env },
      ...(tty ? { tty: size() } : {}),
    },
  });
  const cleanups: (() => void)[] = [];
  if (interactive) {
    const raw = tty && io.stdin.isTTY;
    if (raw) {
      io.stdin.setRawMode(true);
      cleanups.push(() => io.stdin.setRawMode(false));
    }
    const onData = (chunk: Buffer) => send({ case: "input", value: chunk });
    const onEnd = () => send({ case: "endInput", value: {} });
    io.stdin.on("data", onData);
    io.stdin.once("end", onEnd);
    cleanups.push(() => {
      io.stdin.off("data", onData);
      io.stdin.off("end", onEnd);
      io.stdin.pause();
    });
  }
  if (tty) {
    const onResize = () => send({ case: "resize", value: size() });
    io.stdout.on("resize", onResize);
    cleanups.push(() => io.stdout.off("resize", onResize));
  }
  // Without a raw terminal, Ctrl+C reaches this process: it is passed on, as docker exec does.
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  for (const name of signals) {
    const forward = () => send({ case: "signal", value: name });
    process.on(name, forward);
    cleanups.push(() => process.off(name, forward));
  }

  try {
    for await (const res of exec.session(requests)) {
      if (res.event.case === "output") {
        const out = res.event.value.stream === OutputStream.STDERR ? io.stderr : io.stdout;
        if (!out.write(res.event.value.data)) await new Promise((r) => out.once("drain", r));
      } else if (res.event.case === "close") {
        return res.event.value.exitCode;
      }
    }
    io.stderr.write("ddbridge exec: the command's stream ended without an exit status\n");
    return BRIDGE_FAILED;
  } catch (err) {
    const e = ConnectError.from(err);
    io.stderr.write(`ddbridge exec: ${printable(e.rawMessage)}\n`);
    return CANNOT_RUN[e.code] ?? BRIDGE_FAILED;
  } finally {
    requests.end();
    for (const undo of cleanups) undo();
  }
}
