import { createClient, type Transport } from "@connectrpc/connect";
import { Exec, ExtensionService, type GetInfoResponse, HttpService } from "@ddbridge/proto";
import type { v1 } from "@docker/extension-api-client-types";
import { createDockerClient } from "./docker/docker-client.js";
import { createExecClient, type DdExec } from "./exec/exec-client.js";
import type { SessionOpener } from "./exec/interactive-exec.js";
import { createHttpServiceClient, type DdHttpService } from "./service/http-service-client.js";

/** The backend part of `ddClient`, over a ddbridge daemon. */
export interface DdClient {
  extension: {
    vm: { cli: { exec: DdExec }; service: DdHttpService };
    host: { cli: { exec: DdExec } };
  };
  /** `ddClient.docker`: the Docker CLI and engine of the daemon's host. */
  docker: v1.Docker;
  /** What the daemon serves: extension name, host platform, available targets. */
  info(): Promise<GetInfoResponse>;
}

/** Options of {@link createDdClient}. */
export interface DdClientOptions {
  /**
   * The daemon's --max-body (`GetInfo`'s `max_body_bytes`), when known: the
   * web shim has it from the page. Else asked of the daemon at the first
   * `vm.service` request.
   */
  maxBodyBytes?: number;
  /** The deadline of every call that sets none in its {@link CallControl}; default none. */
  timeoutMs?: number;
  /**
   * How `exec` with `stdin` or `tty` opens `Exec.Session`; default: the
   * transport's bidi stream (HTTP/2). The web shim passes its WebSocket.
   */
  openSession?: SessionOpener;
}

/**
 * Creates the `ddClient.extension` backend surface over any Connect
 * transport: connect-node in Node, connect-web in a browser (the web shim),
 * with the exact ddClient semantics (docs/ddclient-behaviour.md).
 */
export function createDdClient(transport: Transport, options: DdClientOptions = {}): DdClient {
  const exec = createClient(Exec, transport);
  const info = createClient(ExtensionService, transport);
  // --max-body, for choosing unary Call: given, else asked of the daemon once.
  let maxBody: Promise<number> | undefined =
    options.maxBodyBytes === undefined ? undefined : Promise.resolve(options.maxBodyBytes);
  const maxBodyBytes = () => {
    maxBody ??= info.getInfo({}).then(
      (i) => Number(i.maxBodyBytes),
      () => 0, // an older daemon, or none yet: stream every request
    );
    return maxBody;
  };
  return {
    extension: {
      vm: {
        cli: { exec: createExecClient(exec, "vm", options.timeoutMs, options.openSession) },
        service: createHttpServiceClient(
          createClient(HttpService, transport),
          maxBodyBytes,
          options.timeoutMs,
        ),
      },
      host: {
        cli: { exec: createExecClient(exec, "host", options.timeoutMs, options.openSession) },
      },
    },
    docker: createDockerClient(transport, exec, options.openSession),
    info: () => info.getInfo({}),
  };
}
