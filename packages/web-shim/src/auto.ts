import { installDdClient } from "./install-dd-client.js";

/**
 * The classic `<script src=".../ddbridge/shim.js">` entry: installs
 * `window.ddClient` at once, talking to the daemon the script came from.
 * `data-protocol="grpc-web"` on the tag (or `?ddbridge-protocol=grpc-web` in
 * the page URL) switches from Connect to gRPC-Web.
 */
const script = document.currentScript as HTMLScriptElement | null;
const fromUrl = new URLSearchParams(location.search).get("ddbridge-protocol");
const protocol = (fromUrl ?? script?.dataset.protocol) === "grpc-web" ? "grpc-web" : "connect";
installDdClient({
  baseUrl: script?.src ? new URL(script.src).origin : undefined,
  protocol,
});
