import { type CallOptions, type Client, Code, ConnectError } from "@connectrpc/connect";
import type { HttpService } from "@ddbridge/proto";
import type { v1 } from "@docker/extension-api-client-types";
import { toBridgeError } from "../bridge-error.js";
import { type CallControl, callOptions } from "../call-control.js";

type CallRequestInit = {
  method: string;
  path: string;
  headers: { name: string; value: string }[];
  body: Uint8Array;
};

import { bodyText, decodeBody } from "./decode-body.js";
import { encodeBody } from "./encode-body.js";
import { ServiceError } from "./service-error.js";

/** Methods safe to send again: a response over --max-body is fetched again with CallStream. */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

interface Answer {
  status: number;
  reason: string;
  type: string | undefined;
  body: Uint8Array;
}

/** `vm.service` as ddClient has it, each method taking a {@link CallControl} last. */
export interface DdHttpService extends v1.HttpService {
  get(url: string, control?: CallControl): Promise<unknown>;
  post(url: string, data: any, control?: CallControl): Promise<unknown>;
  put(url: string, data: any, control?: CallControl): Promise<unknown>;
  patch(url: string, data: any, control?: CallControl): Promise<unknown>;
  delete(url: string, control?: CallControl): Promise<unknown>;
  head(url: string, control?: CallControl): Promise<unknown>;
  request(config: v1.RequestConfig & CallControl): Promise<unknown>;
}

/**
 * `extension.vm.service`: HTTP to the backend socket through the bridge.
 * A request whose body fits the daemon's --max-body goes as one unary
 * `Call` (one message each way: measured the fastest, in Chromium most of
 * all); a larger one as `CallStream`. A response over the limit fails a
 * unary call with RESOURCE_EXHAUSTED: an idempotent request is then sent
 * again with `CallStream`, any other gets the error (raise --max-body).
 */
export function createHttpServiceClient(
  client: Client<typeof HttpService>,
  maxBodyBytes: () => Promise<number>,
  defaultTimeoutMs?: number,
): DdHttpService {
  const streamed = async (req: CallRequestInit, opts: CallOptions): Promise<Answer> => {
    let status = 0;
    let reason = "";
    let type: string | undefined;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const part of client.callStream(req, opts)) {
      if (part.part.case === "head") {
        status = part.part.value.status;
        reason = part.part.value.reason;
        type = part.part.value.headers.find((h) => h.name === "content-type")?.value;
      } else if (part.part.case === "body") {
        chunks.push(part.part.value);
        size += part.part.value.byteLength;
      }
    }
    return { status, reason, type, body: concat(chunks, size) };
  };
  const unary = async (req: CallRequestInit, opts: CallOptions): Promise<Answer> => {
    try {
      const res = await client.call(req, opts);
      const type = res.headers.find((h) => h.name === "content-type")?.value;
      return { status: res.status, reason: res.reason, type, body: res.body };
    } catch (err) {
      if (IDEMPOTENT.has(req.method.toUpperCase()) && tooLarge(err)) return streamed(req, opts);
      throw err;
    }
  };
  const request = async (config: v1.RequestConfig & CallControl): Promise<unknown> => {
    const opts = callOptions(config, defaultTimeoutMs);
    const { body, contentType } = encodeBody(config.data);
    const headers = Object.entries(config.headers ?? {}).map(([name, value]) => ({
      name,
      value: String(value),
    }));
    if (contentType && !headers.some((h) => h.name.toLowerCase() === "content-type")) {
      headers.push({ name: "content-type", value: contentType });
    }
    const req = { method: config.method, path: config.url, headers, body };
    let answer: Answer;
    try {
      const limit = await maxBodyBytes();
      answer = body.byteLength <= limit ? await unary(req, opts) : await streamed(req, opts);
    } catch (err) {
      throw toBridgeError(err);
    }
    const { status, reason, type } = answer;
    if (status < 200 || status > 299) throw new ServiceError(status, reason, bodyText(answer.body));
    return decodeBody(answer.body, type);
  };
  const call = (method: string, url: string, data: unknown, control: CallControl | undefined) =>
    request({ method, url, headers: {}, data, ...control });
  return {
    get: (url, control) => call("GET", url, undefined, control),
    delete: (url, control) => call("DELETE", url, undefined, control),
    head: (url, control) => call("HEAD", url, undefined, control),
    post: (url, data, control) => call("POST", url, data, control),
    put: (url, data, control) => call("PUT", url, data, control),
    patch: (url, data, control) => call("PATCH", url, data, control),
    request,
  };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** The daemon's answer when a unary Call's response is over --max-body. */
function tooLarge(err: unknown): boolean {
  return (
    err instanceof ConnectError &&
    err.code === Code.ResourceExhausted &&
    err.rawMessage.startsWith("response body exceeds")
  );
}
