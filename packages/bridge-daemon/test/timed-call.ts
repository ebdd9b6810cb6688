import * as http from "node:http";
import * as http2 from "node:http2";
import { TOKEN } from "@ddbridge/testing";

/** When the headers came and when the body ended, in ms from the request; and the body. */
export interface Timing {
  headersMs: number;
  endMs: number;
  status: number;
  body: Buffer;
}

/** One `Exec.Run` call, enveloped `body` and all, timed at its response headers and its end. */
export function timedCall(
  url: string,
  h2: boolean,
  contentType: string,
  body: Uint8Array,
): Promise<Timing> {
  const start = performance.now();
  const headers = { "content-type": contentType, authorization: `Bearer ${TOKEN}` };
  const path = "/ddbridge.v1.Exec/Run";
  return new Promise((resolve, reject) => {
    let headersMs = -1;
    let status = 0;
    const chunks: Buffer[] = [];
    const done = () =>
      resolve({ headersMs, endMs: performance.now() - start, status, body: Buffer.concat(chunks) });
    if (h2) {
      const session = http2.connect(url);
      session.on("error", reject);
      const req = session.request({ ":method": "POST", ":path": path, te: "trailers", ...headers });
      req.on("response", (h) => {
        headersMs = performance.now() - start;
        status = Number(h[":status"]);
      });
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        session.close();
        done();
      });
      req.on("error", reject);
      req.end(body);
    } else {
      const req = http.request(`${url}${path}`, { method: "POST", headers }, (res) => {
        headersMs = performance.now() - start;
        status = res.statusCode ?? 0;
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", done);
      });
      req.on("error", reject);
      req.end(body);
    }
  });
}
