import { Code, ConnectError } from "@connectrpc/connect";

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** A request target the bridge will send to the backend socket. */
export interface ValidatedTarget {
  method: string;
  path: string;
}

/**
 * Checks the method and path of a forwarded request. Only origin-form paths
 * ("/hello?x=1") are accepted: the bridge talks to the backend socket and
 * nothing else, so absolute URLs (and "//host" forms) are refused outright.
 */
export function validateTarget(method: string, path: string): ValidatedTarget {
  const m = method === "" ? "GET" : method.toUpperCase();
  if (!TOKEN.test(m)) {
    throw new ConnectError(`invalid HTTP method ${JSON.stringify(method)}`, Code.InvalidArgument);
  }
  if (m === "CONNECT") {
    throw new ConnectError("CONNECT is not forwarded to the backend", Code.InvalidArgument);
  }
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path) || path.startsWith("//")) {
    throw new ConnectError(
      `absolute URL ${JSON.stringify(path)} refused: the bridge only forwards paths such as "/hello?x=1" to the extension's backend socket`,
      Code.InvalidArgument,
    );
  }
  if (!path.startsWith("/")) {
    throw new ConnectError(
      `path must start with "/" (e.g. "/hello?x=1"), got ${JSON.stringify(path)}`,
      Code.InvalidArgument,
    );
  }
  // WHATWG URL parsers (and so many backends' routers) read "/" + backslash + "host" as "//host".
  if (path.includes("\\")) {
    throw new ConnectError(
      `path must not contain a backslash; percent-encode it as %5C, got ${JSON.stringify(path)}`,
      Code.InvalidArgument,
    );
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\s\x00-\x1f\x7f]/.test(path)) {
    throw new ConnectError(
      "path must not contain spaces or control characters; percent-encode them",
      Code.InvalidArgument,
    );
  }
  return { method: m, path };
}
