import type { MessageInitShape } from "@bufbuild/protobuf";
import type { CallOptions, Client } from "@connectrpc/connect";
import { ErrorCode, type Exec, OutputStream, type RunRequestSchema, Target } from "@ddbridge/proto";
import type { v1 } from "@docker/extension-api-client-types";
import { BridgeError, toBridgeError } from "../bridge-error.js";
import { type CallControl, callOptions } from "../call-control.js";

import { desktopArgv, type ExecMode } from "./desktop-argv.js";
import { execFailure } from "./exec-failure.js";
import { createExecResult } from "./exec-result.js";
import { followOutput } from "./follow-output.js";
import {
  type InteractiveProcess,
  interactiveExec,
  type SessionOpener,
  type TtySize,
} from "./interactive-exec.js";

type RunRequestInit = MessageInitShape<typeof RunRequestSchema>;

/** Which side a ddClient `exec` runs on ("docker": the Docker CLI of the daemon's host). */
export type ExecTarget = "vm" | "host" | "docker";

const TARGETS: Record<ExecTarget, Target> = {
  vm: Target.VM,
  host: Target.HOST,
  docker: Target.DOCKER,
};

/**
 * What `exec` takes beyond Docker Desktop's options (with `stream` only):
 * `stdin: true` opens the command's standard input, `tty` runs it in a
 * terminal of that size. Either returns an {@link InteractiveProcess}.
 */
export interface InteractiveOptions {
  stdin?: boolean;
  tty?: TtySize;
}

/** ddClient's `exec`, whose options may also carry a {@link CallControl}. */
export interface DdExec {
  // Streaming first: with a `signal` beside `stream`, the buffered form would
  // otherwise be chosen first and the callbacks' parameters lose their types.
  (
    cmd: string,
    args: string[],
    options: v1.SpawnOptions & CallControl & ({ stdin: true } | { tty: TtySize }),
  ): InteractiveProcess;
  (cmd: string, args: string[], options: v1.SpawnOptions & CallControl): v1.ExecProcess;
  (cmd: string, args: string[], options?: v1.ExecOptions & CallControl): Promise<v1.ExecResult>;
}

/**
 * The ddClient `exec(cmd, args, options?)` for one target: buffered (a
 * Promise of an ExecResult, rejected on a non-zero exit or a signal) or, with
 * `options.stream`, streaming with a synchronous `{ close() }`. Arguments
 * become argv as Docker Desktop makes them, which differs between the two
 * modes ({@link desktopArgv}).
 */
export function createExecClient(
  client: Client<typeof Exec>,
  target: ExecTarget,
  defaultTimeoutMs?: number,
  openSession: SessionOpener = (requests, options) => client.session(requests, options),
): DdExec {
  function exec(
    cmd: string,
    args: string[],
    options?: v1.ExecOptions & CallControl,
  ): Promise<v1.ExecResult>;
  function exec(
    cmd: string,
    args: string[],
    options: v1.SpawnOptions & CallControl & ({ stdin: true } | { tty: TtySize }),
  ): InteractiveProcess;
  function exec(
    cmd: string,
    args: string[],
    options: v1.SpawnOptions & CallControl,
  ): v1.ExecProcess;
  function exec(
    cmd: string,
    args: string[],
    options?: (v1.ExecOptions | v1.SpawnOptions) & CallControl & InteractiveOptions,
  ): Promise<v1.ExecResult> | v1.ExecProcess {
    const opts = callOptions(options, defaultTimeoutMs);
    if (options && "stream" in options && options.stream) {
      const req = toRequest(target, cmd, args, "stream", options);
      if (options.stdin || options.tty) {
        return interactiveExec(openSession, req, options.tty, options.stream, opts);
      }
      return stream(client, req, options.stream, opts);
    }
    let req: RunRequestInit;
    try {
      req = toRequest(target, cmd, args, "buffered", options);
    } catch (err) {
      return Promise.reject(execFailure(toBridgeError(err), [cmd, ...(args ?? [])].join(" ")));
    }
    return buffered(client, req, opts);
  }
  return exec;
}

function toRequest(
  target: ExecTarget,
  cmd: string,
  args: string[],
  mode: ExecMode,
  options?: v1.ExecOptions,
): RunRequestInit {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(options?.env ?? {})) if (v !== undefined) env[k] = String(v);
  const argv = desktopArgv(String(cmd), (args ?? []).map(String), mode);
  return {
    target: TARGETS[target],
    command: argv.command,
    args: argv.args,
    cwd: options?.cwd ?? "",
    env,
  };
}

async function buffered(
  client: Client<typeof Exec>,
  req: RunRequestInit,
  opts: CallOptions,
): Promise<v1.ExecResult> {
  const out: Uint8Array[] = [];
  const err: Uint8Array[] = [];
  let close: { exitCode: number; signal: string } | undefined;
  try {
    for await (const res of client.run(req, opts)) {
      if (res.event.case === "output") {
        (res.event.value.stream === OutputStream.STDERR ? err : out).push(res.event.value.data);
      } else if (res.event.case === "close") {
        close = res.event.value;
      }
    }
  } catch (e) {
    throw execFailure(toBridgeError(e), cmdline(req), decode(out));
  }
  if (!close) {
    throw execFailure(
      new BridgeError("the command's stream ended without an exit status", ErrorCode.DataLoss),
      cmdline(req),
      decode(out),
    );
  }
  const result = createExecResult({
    cmd: cmdline(req),
    code: close.exitCode,
    stdout: decode(out),
    stderr: decode(err),
    signal: close.signal || undefined,
  });
  if (result.code !== 0 || result.signal) throw result;
  return result;
}

function cmdline(req: RunRequestInit): string {
  return [req.command, ...(req.args ?? [])].join(" ");
}

function decode(chunks: Uint8Array[]): string {
  const decoder = new TextDecoder();
  let text = "";
  for (const c of chunks) text += decoder.decode(c, { stream: true });
  return text + decoder.decode();
}

function stream(
  client: Client<typeof Exec>,
  req: RunRequestInit,
  cb: v1.ExecStreamOptions,
  opts: CallOptions,
): v1.ExecProcess {
  const following = followOutput(
    (signal) => client.run(req, { ...opts, signal }),
    cb,
    cmdline(req),
    opts.signal,
  );
  return { close: following.close };
}
