import { installDockerThemes } from "./docker-themes.js";
import { installDdClient } from "./install-dd-client.js";

/**
 * The classic `<script src=".../ddbridge/shim.js">` entry: installs
 * `window.ddClient` at once, talking to the daemon the script came from.
 * `data-protocol="grpc-web"` on the tag (or `?ddbridge-protocol=grpc-web` in
 * the page URL) switches from Connect to gRPC-Web. Docker's MUI theme
 * globals are defined too, as Docker Desktop injects them.
 */
const script = document.currentScript as HTMLScriptElement | null;
const fromUrl = new URLSearchParams(location.search).get("ddbridge-protocol");
const protocol = (fromUrl ?? script?.dataset.protocol) === "grpc-web" ? "grpc-web" : "connect";
installDockerThemes(window);
installDdClient({
  baseUrl: script?.src ? new URL(script.src).origin : undefined,
  protocol,
});
