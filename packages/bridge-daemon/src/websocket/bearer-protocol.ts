import { BEARER_PROTOCOL_PREFIX } from "@ddbridge/proto";

/**
 * The `Authorization` value an upgrade carries (its header, else its bearer
 * subprotocol), the other subprotocols, and the carrier itself.
 */
export function upgradeCredential(headers: {
  authorization?: string | undefined;
  "sec-websocket-protocol"?: string | undefined;
}): { authorization: string | undefined; protocols: string[]; carrier?: string } {
  const offered = (headers["sec-websocket-protocol"] ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const carried = offered.find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX));
  const protocols = offered.filter((p) => !p.startsWith(BEARER_PROTOCOL_PREFIX));
  if (headers.authorization) return { authorization: headers.authorization, protocols };
  if (!carried) return { authorization: undefined, protocols };
  const decoded = fromBase64url(carried.slice(BEARER_PROTOCOL_PREFIX.length));
  return {
    authorization: decoded === undefined ? "" : `Bearer ${decoded}`,
    protocols,
    carrier: carried,
  };
}

function fromBase64url(text: string): string | undefined {
  return /^[A-Za-z0-9_-]*$/.test(text)
    ? Buffer.from(text, "base64url").toString("utf8")
    : undefined;
}
