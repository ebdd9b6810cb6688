import { createDdClient, type DdClient } from "../dd-client.js";
import { createNodeTransport, type NodeConnectOptions } from "./create-node-transport.js";

/** Also exported here, where it was first: the interceptor every transport of the client uses. */
export { bearerToken } from "../bearer-token.js";
export {
  createNodeTransport,
  DEFAULT_URL,
  type NodeConnectOptions,
  resolveToken,
} from "./create-node-transport.js";
export { defaultTokenFile, stateDir } from "./state-dir.js";

/** Connects the ddClient backend surface to a daemon from Node. */
export function connectDdClient(
  options: NodeConnectOptions & { timeoutMs?: number } = {},
): DdClient {
  return createDdClient(createNodeTransport(options), { timeoutMs: options.timeoutMs });
}
