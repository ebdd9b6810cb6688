import type * as http from "node:http";
import type * as http2 from "node:http2";
import { createCodeRedeemer } from "../auth/login-code.js";
import { mintSessionCredential } from "../auth/session-credential.js";
import { readBody } from "../rpc/read-body.js";

/** Where the shim exchanges a login code for its session credential. */
export const SESSION_PATH = "/ddbridge/session";

/** A login code is ~80 characters: anything much longer is not one. */
const MAX_CODE_BYTES = 512;

type Request = http.IncomingMessage | http2.Http2ServerRequest;
type Response = http.ServerResponse | http2.Http2ServerResponse;

/**
 * `POST /ddbridge/session` with a login code as the body: answers
 * `{ "credential": "s1.…" }` once per code, or 401 with the reason (used,
 * expired, another token). No token is needed to ask; the code is the
 * proof, and it is spent whatever the page does next.
 */
export function createSessionExchange(
  token: string,
  onRefused: (reason: string) => void = () => {},
): (req: Request, res: Response) => void {
  const redeem = createCodeRedeemer(token);
  return (req, res) => {
    const out = res as http.ServerResponse;
    const answer = (status: number, body: object) => {
      out.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
      out.end(JSON.stringify(body));
    };
    if (req.method !== "POST") {
      out.setHeader("allow", "POST");
      return answer(405, { message: "POST a login code" });
    }
    readBody(req, MAX_CODE_BYTES).then(
      (body) => {
        const problem = redeem(body.toString("utf8").trim());
        if (problem) {
          onRefused(problem);
          return answer(401, { message: problem });
        }
        answer(200, { credential: mintSessionCredential(token) });
      },
      () => {
        // Too long to be a code (what follows is read and dropped), or the client went away.
        if (res.destroyed) return;
        onRefused("not a ddbridge login code");
        answer(401, { message: "not a ddbridge login code" });
      },
    );
  };
}
