import type { Client } from "@connectrpc/connect";
import type { v1 } from "@docker/extension-api-client-types";
import { toBridgeError } from "../bridge-error.js";
import type { HttpService } from "../gen/es/ddbridge/v1/http_pb.js";
import { bodyText, decodeBody } from "./decode-body.js";
import { encodeBody } from "./encode-body.js";
import { ServiceError } from "./service-error.js";

/**
 * `extension.vm.service`: HTTP to the backend socket through the bridge. It
 * uses the streaming call so bodies of any size work under the daemon's
 * unary limit.
 */
export function createHttpServiceClient(client: Client<typeof HttpService>): v1.HttpService {
  const request = async (config: v1.RequestConfig): Promise<unknown> => {
    const { body, contentType } = encodeBody(config.data);
    const headers = Object.entries(config.headers ?? {}).map(([name, value]) => ({
      name,
      value: String(value),
    }));
    if (contentType && !headers.some((h) => h.name.toLowerCase() === "content-type")) {
      headers.push({ name: "content-type", value: contentType });
    }
    let status = 0;
    let reason = "";
    let type: string | undefined;
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const part of client.callStream({
        method: config.method,
        path: config.url,
        headers,
        body,
      })) {
        if (part.part.case === "head") {
          status = part.part.value.status;
          reason = part.part.value.reason;
          type = part.part.value.headers.find((h) => h.name === "content-type")?.value;
        } else if (part.part.case === "body") {
          chunks.push(part.part.value);
          size += part.part.value.byteLength;
        }
      }
    } catch (err) {
      throw toBridgeError(err);
    }
    const all = concat(chunks, size);
    if (status < 200 || status > 299) throw new ServiceError(status, reason, bodyText(all));
    return decodeBody(all, type);
  };
  const call = (method: string, url: string, data?: unknown) =>
    request({ method, url, headers: {}, data });
  return {
    get: (url) => call("GET", url),
    delete: (url) => call("DELETE", url),
    head: (url) => call("HEAD", url),
    post: (url, data) => call("POST", url, data),
    put: (url, data) => call("PUT", url, data),
    patch: (url, data) => call("PATCH", url, data),
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
