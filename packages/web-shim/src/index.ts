import "./dd-client-augment.js";

export { splitCmdline } from "@ddbridge/client";
export { TOAST_EVENT, type ToastEvent } from "./desktop-ui.js";
export {
  type DockerDesktopClient,
  type InstallOptions,
  installDdClient,
  type ShimInfo,
} from "./install-dd-client.js";
export {
  CALL_EVENT,
  type RecordedApi,
  type RecordedCall,
  type Recording,
  type StreamEvent,
} from "./recording.js";
