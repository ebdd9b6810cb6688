export type { ToastEvent } from "../desktop-ui.js";
export type { RecordedApi, RecordedCall, Recording, StreamEvent } from "../recording.js";
export {
  installReplayDdClient,
  type ReplayedDdClient,
  type ReplayOptions,
  replayDdClient,
} from "./replay-dd-client.js";
