import { Code, ConnectError } from "@connectrpc/connect";
import { sendRefusal } from "@ddbridge/protocol";
import { bearerCheck, PUBLIC_SERVICES } from "../auth/bearer-check.js";
import type { Handler, Request, Stage } from "../rpc/http-handler.js";

/**
 * The one check of the token, on an RPC's headers, for both paths and
 * before either reads (and buffers) a body: a client without the token
 * cannot hold a stream open by never sending one. Every service but health
 * is guarded; paths that are no RPC go on to the UI. `onRefused` hears of
 * each refusal (the daemon logs them, rate-limited).
 */
export function withTokenGate(
  handler: Handler,
  token: string,
  services: string[],
  onRefused: (reason: string, req: Request) => void = () => {},
): Handler {
  const check = bearerCheck(token);
  const guarded = new Set(services.filter((s) => !PUBLIC_SERVICES.has(s)));
  return (req, res) => {
    const path = req.url ?? "";
    const service = path.slice(1, path.indexOf("/", 1));
    if (!guarded.has(service)) return handler(req, res);
    const problem = check(req.headers.authorization);
    if (!problem) return handler(req, res);
    onRefused(problem, req);
    sendRefusal(res, req.headers["content-type"], new ConnectError(problem, Code.Unauthenticated));
  };
}

/** {@link withTokenGate} as a stage of the HTTP path. */
export function tokenGate(
  token: string,
  services: string[],
  onRefused?: (reason: string, req: Request) => void,
): Stage {
  return (next) => withTokenGate(next, token, services, onRefused);
}
