import type * as http from "node:http";

/** Answers the UI's page and asset requests (static folder or dev-server proxy). */
export type UiHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;
