import type { DdClient, DdExec } from "@ddbridge/client";
import type { v1 } from "@docker/extension-api-client-types";
import {
  execArgs,
  optionalArg,
  plainError,
  type RecordedCall,
  SERVICE_METHODS,
  type StreamEvent,
} from "./recording.js";

type Exec = DdExec;

/**
 * Wraps a DdClient so that every backend call, command and Docker CLI call is
 * handed to `sink` with its outcome once it settles (a streaming exec once it
 * closes). The calls themselves are unchanged.
 */
export function recordCalls(dd: DdClient, sink: (call: RecordedCall) => void): DdClient {
  const service = dd.extension.vm.service;
  const wrapped = Object.fromEntries(
    SERVICE_METHODS.map((m) => [
      m,
      (...args: unknown[]) =>
        settle(
          (service[m] as (...a: unknown[]) => Promise<unknown>)(...args),
          `extension.vm.service.${m}`,
          args,
          sink,
        ),
    ]),
  ) as unknown as v1.HttpService;
  return {
    ...dd,
    extension: {
      vm: {
        service: wrapped,
        cli: { exec: recordExec(dd.extension.vm.cli.exec, "extension.vm.cli.exec", sink) },
      },
      host: {
        cli: { exec: recordExec(dd.extension.host.cli.exec, "extension.host.cli.exec", sink) },
      },
    },
    docker: {
      ...dd.docker,
      cli: { exec: recordExec(dd.docker.cli.exec as DdExec, "docker.cli.exec", sink) },
      listContainers: (options?: never) =>
        settle(
          dd.docker.listContainers(options),
          "docker.listContainers",
          optionalArg(options),
          sink,
        ),
      listImages: (options?: never) =>
        settle(dd.docker.listImages(options), "docker.listImages", optionalArg(options), sink),
    },
  };
}

function settle<T>(
  promise: Promise<T>,
  api: RecordedCall["api"],
  args: unknown[],
  sink: (call: RecordedCall) => void,
): Promise<T> {
  return promise.then(
    (result) => {
      sink({ api, args: json(args), result: json(result) });
      return result;
    },
    (err: unknown) => {
      sink({ api, args: json(args), error: plainError(err) });
      throw err;
    },
  );
}

function recordExec(
  exec: Exec,
  api: RecordedCall["api"],
  sink: (call: RecordedCall) => void,
): Exec {
  return ((cmd: string, args: string[], options?: v1.SpawnOptions) => {
    const { stream, ...rest } = (options ?? {}) as v1.SpawnOptions & {
      stream?: v1.ExecStreamOptions;
    };
    const callArgs = execArgs(cmd, args, options as Parameters<typeof execArgs>[2]);
    if (!stream)
      return settle(
        (exec as (...a: unknown[]) => Promise<unknown>)(cmd, args, options),
        api,
        callArgs,
        sink,
      );
    const events: StreamEvent[] = [];
    const done = () => sink({ api, args: json(callArgs), stream: events });
    return (exec as (...a: unknown[]) => v1.ExecProcess)(cmd, args, {
      ...rest,
      stream: {
        ...stream,
        onOutput(
          data: { stdout: string; stderr?: undefined } | { stdout?: undefined; stderr: string },
        ) {
          events.push(
            "stdout" in data && data.stdout !== undefined
              ? { stdout: data.stdout }
              : { stderr: data.stderr ?? "" },
          );
          stream.onOutput?.(data);
        },
        onError(error: unknown) {
          events.push({ error: plainError(error) });
          done();
          stream.onError?.(error);
        },
        onClose(code: number) {
          events.push({ close: code });
          done();
          stream.onClose?.(code);
        },
      },
    });
  }) as unknown as Exec;
}

function json<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
