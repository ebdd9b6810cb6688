/**
 * What ddbridge adds to the ddClient types, beyond Docker Desktop's API:
 * stdin and terminals for `exec`, and WebSockets to the backend. A module
 * augmentation of @docker/extension-api-client-types, so code written for
 * Desktop compiles unchanged; the members are optional because under Docker
 * Desktop they do not exist, which is also how a UI tells the two apart:
 * `if (proc.write) …`, `if (ddClient.extension.vm?.service?.websocket) …`.
 *
 * An extension that loads the shim from a script tag gets these types with
 * `import type {} from "@ddbridge/web-shim";` once in its sources.
 */
import type { TtySize } from "@ddbridge/client";

declare module "@docker/extension-api-client-types/dist/v1/exec.js" {
  interface SpawnOptions {
    /** ddbridge: open the command's stdin (`write`, `end` on the process). */
    stdin?: boolean;
    /** ddbridge: run the command in a terminal of this size (stdin included). */
    tty?: TtySize;
  }
  interface ExecProcess {
    /** ddbridge (with `stdin` or `tty`): bytes or UTF-8 text for the command's stdin. */
    write?(data: string | Uint8Array): void;
    /** ddbridge: closes stdin (end of file). */
    end?(): void;
    /** ddbridge (with `tty`): the terminal's new size. */
    resize?(cols: number, rows: number): void;
    /** ddbridge: a signal for the command's group, by name ("SIGINT"). */
    signal?(name: string): void;
  }
}

declare module "@docker/extension-api-client-types/dist/v1/http-service.js" {
  interface HttpService {
    /** ddbridge: a WebSocket to `path` on the extension's backend socket. */
    websocket?(path: string, protocols?: string | string[]): Promise<WebSocket>;
  }
}
