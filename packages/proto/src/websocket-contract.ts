/**
 * The WebSocket half of the contract, for browsers, which can neither send a
 * request stream over fetch nor set headers on a WebSocket
 * (docs/ddclient-behaviour.md, "Beyond Docker Desktop").
 */

/** `Exec.Session` as a WebSocket: binary frames of `SessionRequest` in and `SessionResponse` out. */
export const EXEC_WS_PATH = "/ddbridge/exec";

/** The subprotocol a page offers for {@link EXEC_WS_PATH}. */
export const EXEC_WS_PROTOCOL = "ddbridge.exec.v1";

/** `/ddbridge/backend/PATH` opens a WebSocket to `/PATH` on the extension's backend socket. */
export const BACKEND_WS_PREFIX = "/ddbridge/backend";

/**
 * The credential travels as one more offered subprotocol, as Kubernetes
 * carries its bearer token, never in the URL (where logs and history keep
 * it); the daemon takes it out before the backend sees the list.
 */
export const BEARER_PROTOCOL_PREFIX = "base64url.bearer.ddbridge.";

/** An error ends the socket with close code 4000 + the gRPC code, after a text frame `{code, message}`. */
export const ERROR_CLOSE_BASE = 4000;

/** The subprotocol that carries `credential` (base64url of its UTF-8). */
export function bearerProtocol(credential: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(credential)) binary += String.fromCharCode(byte);
  const b64 = btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return BEARER_PROTOCOL_PREFIX + b64;
}
