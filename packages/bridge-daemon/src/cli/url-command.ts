import { resolve } from "node:path";
import { defaultTokenFile } from "@ddbridge/client/state-dir";
import { readToken } from "../auth/token.js";
import { flagDefault } from "./flags.js";
import { uiUrl } from "./ui-url.js";
import { UsageError } from "./usage-error.js";

/** Where `serve` listens when --listen is not given. */
const DEFAULT_ORIGIN = `http://${flagDefault("listen")}`;

/**
 * `ddbridge url [ORIGIN]`: prints the UI's address with the token in its
 * fragment again, as `serve` printed it at start. A page opened without the
 * token tells its user to run this (with its own origin).
 */
export async function runUrl(
  positionals: string[],
  flags: { "token-file"?: string },
  env = process.env,
): Promise<number> {
  const [given, ...extra] = positionals;
  if (extra.length)
    throw new UsageError("url takes at most one ORIGIN, e.g. http://127.0.0.1:7799");
  const origin = originOf(given ?? DEFAULT_ORIGIN);
  const file = resolve(flags["token-file"] ?? defaultTokenFile(env));
  const token = await readToken(file, env.DDBRIDGE_TOKEN);
  if (!token) {
    throw new Error(
      `no token file at ${file}: ddbridge serve creates it when it starts (or pass --token-file, as to serve)`,
    );
  }
  process.stdout.write(`${uiUrl(origin, token.token)}\n`);
  return 0;
}

function originOf(given: string): string {
  let url: URL;
  try {
    url = new URL(given.includes("://") ? given : `http://${given}`);
  } catch {
    throw new UsageError(`not a URL: ${JSON.stringify(given)} (e.g. http://127.0.0.1:7799)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`not an http(s) URL: ${JSON.stringify(given)}`);
  }
  return url.origin;
}
