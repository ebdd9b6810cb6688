export {
  type DockerDesktopClient,
  type InstallOptions,
  installDdClient,
  type ShimInfo,
} from "./install-dd-client.js";
export { splitCmdline } from "./split-cmdline.js";
