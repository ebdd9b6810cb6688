export { splitCmdline } from "@ddbridge/client";
export {
  type DockerDesktopClient,
  type InstallOptions,
  installDdClient,
  type ShimInfo,
} from "./install-dd-client.js";
