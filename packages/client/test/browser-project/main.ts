import type { Transport } from "@connectrpc/connect";
import { type CallControl, createDdClient, type DdClient } from "@ddbridge/client";

declare const transport: Transport; // connect-web's, in a real page
const dd: DdClient = createDdClient(transport);
const control: CallControl = { signal: new AbortController().signal, timeoutMs: 1000 };
export const calls = [
  dd.extension.vm.service.get("/hello", control),
  dd.extension.host.cli.exec("hello", ["world"], { env: { A: "b" }, ...control }),
];
