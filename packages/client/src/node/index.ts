import { createDdClient, type DdClient } from "../dd-client.js";
import { createNodeTransport, type NodeConnectOptions } from "./create-node-transport.js";

export {
  createNodeTransport,
  DEFAULT_URL,
  type NodeConnectOptions,
  resolveToken,
} from "./create-node-transport.js";

/** Connects the ddClient backend surface to a daemon from Node. */
export function connectDdClient(options: NodeConnectOptions = {}): DdClient {
  return createDdClient(createNodeTransport(options));
}
