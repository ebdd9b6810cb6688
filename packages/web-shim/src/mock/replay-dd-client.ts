import { createExecResult } from "@ddbridge/client";
import type { v1 } from "@docker/extension-api-client-types";
import type { ToastEvent } from "../desktop-ui.js";
import {
  execArgs,
  optionalArg,
  type RecordedApi,
  type RecordedCall,
  type Recording,
  SERVICE_METHODS,
} from "../recording.js";

/** A ddClient that answers from a recording, and what the UI did with it. */
export interface ReplayedDdClient {
  /** The `ddClient` (v1 surface) to hand to the UI. */
  ddClient: v1.DockerDesktopClient;
  /** The toasts the UI showed, in order. */
  toasts: ToastEvent[];
  /** The recorded calls the UI has not made (yet). */
  unused(): RecordedCall[];
}

/** Options of {@link replayDdClient}. */
export interface ReplayOptions {
  /** `ddClient.extension.image` and the host facts (default: empty strings). */
  image?: string;
  platform?: string;
  arch?: string;
  hostname?: string;
}

/**
 * A `ddClient` for unit tests (vitest or jest with jsdom), with no daemon:
 * each call is answered with the outcome of the first not yet used recorded
 * call of the same member and the same arguments, so a component sees what
 * it saw in the real run the recording came from. A call that was not
 * recorded rejects (or, streaming, calls `onError`) naming the call and what
 * the recording holds.
 */
export function replayDdClient(
  recording: Recording | RecordedCall[],
  options: ReplayOptions = {},
): ReplayedDdClient {
  const calls = Array.isArray(recording) ? recording : recording.calls;
  const used = new Set<RecordedCall>();
  const toasts: ToastEvent[] = [];

  const take = (api: RecordedApi, args: unknown[]): RecordedCall => {
    const key = JSON.stringify(args);
    const call = calls.find((c) => !used.has(c) && c.api === api && JSON.stringify(c.args) === key);
    if (!call) {
      const held = calls
        .filter((c) => !used.has(c))
        .map((c) => `${c.api}(${JSON.stringify(c.args).slice(1, -1)})`);
      throw new Error(
        `replayDdClient: ${api}(${key.slice(1, -1)}) was not recorded; unused recorded calls: ${held.join(", ") || "none"}`,
      );
    }
    used.add(call);
    return call;
  };
  const outcome = (api: RecordedApi, args: unknown[], wrap = (v: unknown) => v): Promise<never> =>
    new Promise((resolve, reject) => {
      const call = take(api, args);
      if (call.error)
        reject(Object.assign(new Error(String(call.error.message ?? "")), call.error));
      else resolve(wrap(call.result) as never);
    });
  const answer = (api: RecordedApi) => (args: unknown[]) => outcome(api, args);

  const service = Object.fromEntries(
    SERVICE_METHODS.map((m) => [
      m,
      (...args: unknown[]) => answer(`extension.vm.service.${m}`)(args),
    ]),
  ) as unknown as v1.HttpService;

  const cli = (api: RecordedApi): v1.ExtensionCli =>
    ({
      exec(
        cmd: string,
        args: string[],
        opts?: v1.SpawnOptions & { stream?: v1.ExecStreamOptions },
      ) {
        const stream = opts?.stream;
        const callArgs = execArgs(cmd, args, opts as Parameters<typeof execArgs>[2]);
        if (!stream) return outcome(api, callArgs, (r) => createExecResult(r as never));
        let closed = false;
        queueMicrotask(() => {
          let call: RecordedCall;
          try {
            call = take(api, callArgs);
          } catch (err) {
            stream.onError?.(err);
            return;
          }
          for (const e of call.stream ?? []) {
            if (closed) return;
            if ("stdout" in e) stream.onOutput?.({ stdout: e.stdout });
            else if ("stderr" in e) stream.onOutput?.({ stderr: e.stderr });
            else if ("close" in e) stream.onClose?.(e.close);
            else stream.onError?.(Object.assign(new Error(String(e.error.message ?? "")), e.error));
          }
        });
        return {
          close() {
            closed = true;
          },
        };
      },
    }) as v1.ExtensionCli;

  const toast = (kind: ToastEvent["kind"]) => (message: string) => {
    toasts.push({ kind, message });
  };
  const notInTests = (what: string) => () =>
    Promise.reject(new Error(`${what} is not available in a replayed ddClient`));
  const navigate = new Proxy({} as v1.NavigationIntents, {
    get: (_t, name) => (name === "then" ? undefined : () => Promise.resolve()),
  });

  const ddClient = {
    extension: {
      image: options.image ?? "",
      vm: { service, cli: cli("extension.vm.cli.exec") },
      host: { cli: cli("extension.host.cli.exec") },
    },
    host: {
      platform: options.platform ?? "",
      arch: options.arch ?? "",
      hostname: options.hostname ?? "",
      openExternal() {},
    },
    desktopUI: {
      toast: { success: toast("success"), warning: toast("warning"), error: toast("error") },
      dialog: { showOpenDialog: notInTests("desktopUI.dialog.showOpenDialog") },
      navigate,
    },
    docker: {
      cli: cli("docker.cli.exec"),
      listContainers: (o?: unknown) => answer("docker.listContainers")(optionalArg(o)),
      listImages: (o?: unknown) => answer("docker.listImages")(optionalArg(o)),
    },
  } as unknown as v1.DockerDesktopClient;

  return { ddClient, toasts, unused: () => calls.filter((c) => !used.has(c)) };
}

/**
 * Installs a replayed ddClient as `window.ddClient`, where
 * `createDockerDesktopClient()` from `@docker/extension-api-client` finds it.
 */
export function installReplayDdClient(
  recording: Recording | RecordedCall[],
  options: ReplayOptions & { target?: { ddClient?: unknown } } = {},
): ReplayedDdClient {
  const replayed = replayDdClient(recording, options);
  (options.target ?? (globalThis as { ddClient?: unknown })).ddClient = replayed.ddClient;
  return replayed;
}
