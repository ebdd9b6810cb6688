import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  childFailure,
  resolveConfig,
  startDaemon,
  uiUrl,
  waitForSocket,
} from "@ddbridge/bridge-daemon";
import { connectDdClient } from "@ddbridge/client/node";

/**
 * `npm run demo`: starts this extension's backend on a fresh unix socket and
 * a ddbridge daemon in front of it (the packages' public API, as any embedder
 * would), checks both ends work, prints how to call it, and runs until Ctrl+C.
 */
const { values: flags } = parseArgs({
  options: { listen: { type: "string" }, "log-level": { type: "string" } },
});
const extension = join(import.meta.dirname, "../..");
const guest = await mkdtemp(join(tmpdir(), "ddbridge-demo-"));
const socket = join(guest, "hello-extension.sock");
const backend = spawn(process.execPath, [join(import.meta.dirname, "../backend/main.js"), socket], {
  stdio: ["ignore", "ignore", "inherit"],
});
let exitCode = 1;
try {
  const problem = await waitForSocket(socket, { timeoutMs: 5000, until: childFailure(backend) });
  if (problem) throw new Error(`the example backend ${problem}`);
  const { config, token } = await resolveConfig({ ...flags, extension, socket });
  const daemon = await startDaemon(config);
  try {
    const url = daemon.url ?? "";
    const tokenRef = token.file ? `$(cat ${token.file})` : "$DDBRIDGE_TOKEN";
    const dd = connectDdClient({ url, token: config.token });
    const hello = await dd.extension.vm.service.get("/hello");
    const host = await dd.extension.host.cli.exec("hello", ["from the demo"]);
    const vm = await dd.extension.vm.cli.exec("./hello.sh", ["demo"]);
    process.stdout.write(
      [
        "",
        `hello-extension demo: the backend is bridged at ${url}`,
        "",
        `Open the extension UI in a browser: ${uiUrl(url, config.token)}`,
        "",
        `  backend socket: ${socket}`,
        `  token file:     ${token.file ?? "(DDBRIDGE_TOKEN)"}`,
        "",
        "Checked just now through the bridge:",
        `  vm.service.get("/hello")           -> ${JSON.stringify(hello)}`,
        `  host.cli.exec("hello", [...])      -> ${JSON.stringify(host.stdout)}`,
        `  vm.cli.exec("./hello.sh", [...])   -> ${JSON.stringify(vm.stdout)}`,
        "",
        "Call it with curl (Connect protocol, JSON; bodies are base64):",
        `  curl -s -H "Authorization: Bearer ${tokenRef}" -H 'Content-Type: application/json' \\`,
        `    -d '{"path":"/hello"}' ${url}/ddbridge.v1.HttpService/Call`,
        "",
        "Call it from TypeScript:",
        `  import { connectDdClient } from "@ddbridge/client/node";`,
        `  const dd = connectDdClient({ url: "${url}"${token.file ? `, tokenFile: "${token.file}"` : ""} });`,
        `  console.log(await dd.extension.vm.service.get("/hello"));`,
        `  console.log((await dd.extension.host.cli.exec("hello", ["world"])).lines());`,
        "",
        "Press Ctrl+C to stop.",
        "",
      ].join("\n"),
    );
    await untilSignal();
    exitCode = 0;
  } finally {
    await daemon.close();
  }
} catch (err) {
  process.stderr.write(`demo: ${(err as Error).message}\n`);
} finally {
  backend.kill("SIGTERM");
  await rm(guest, { recursive: true, force: true });
}
process.exit(exitCode);

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}
