const CODE_KEY = "ddbridge-code";
/** The token itself in the fragment: what ddbridge printed before login codes; still taken. */
const TOKEN_KEY = "ddbridge-token";
const STORAGE_KEY = "ddbridge-credential";
/** Where the daemon exchanges a login code for a session credential. */
export const SESSION_PATH = "/ddbridge/session";

/** The page's credential, once known, and why there is none. */
export interface Credential {
  /** What to send as `Authorization: Bearer …`; undefined when there is none. */
  value: string | undefined;
  /** Why there is none: no link was opened, or its code was refused (the daemon's words). */
  trouble?: { kind: "missing" } | { kind: "code"; message: string };
}

/**
 * Finds the page's credential without the user copying anything. The daemon
 * prints a URL ending in `#ddbridge-code=…`: a single-use login code, taken
 * out of the address bar at once and exchanged with the daemon for a session
 * credential, kept in this tab's sessionStorage so reloads keep working.
 * Browsers store the address they opened in their history and session files;
 * by then the code in it is spent, and the daemon's token was never in it.
 */
export async function resolveCredential(
  win: Window,
  baseUrl: string,
  explicit?: string,
): Promise<Credential> {
  if (explicit) return { value: explicit };
  const params = new URLSearchParams(win.location.hash.slice(1));
  const code = params.get(CODE_KEY);
  const legacyToken = params.get(TOKEN_KEY);
  if (code !== null || legacyToken !== null) {
    params.delete(CODE_KEY);
    params.delete(TOKEN_KEY);
    const rest = params.toString();
    win.history.replaceState(
      win.history.state,
      "",
      `${win.location.pathname}${win.location.search}${rest ? `#${rest}` : ""}`,
    );
  }
  if (legacyToken) return { value: keep(win, legacyToken) };
  const stored = read(win);
  if (!code) return stored ? { value: stored } : { value: undefined, trouble: { kind: "missing" } };
  const exchanged = await exchange(baseUrl, code);
  if ("credential" in exchanged) return { value: keep(win, exchanged.credential) };
  // A reload of a page whose code was spent already: the tab's session still holds.
  if (stored) return { value: stored };
  return { value: undefined, trouble: { kind: "code", message: exchanged.message } };
}

async function exchange(
  baseUrl: string,
  code: string,
): Promise<{ credential: string } | { message: string }> {
  try {
    // text/plain: a simple request, no CORS preflight for a page on another allowed origin.
    const res = await fetch(`${baseUrl}${SESSION_PATH}`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: code,
      cache: "no-store",
      credentials: "omit",
    });
    const body = (await res.json().catch(() => ({}))) as {
      credential?: unknown;
      message?: unknown;
    };
    if (res.ok && typeof body.credential === "string") return { credential: body.credential };
    return { message: typeof body.message === "string" ? body.message : `HTTP ${res.status}` };
  } catch (err) {
    return { message: `the daemon could not be reached (${String(err)})` };
  }
}

function keep(win: Window, credential: string): string {
  try {
    win.sessionStorage.setItem(STORAGE_KEY, credential);
  } catch {
    // Storage can be disabled; the credential still works for this page load.
  }
  return credential;
}

function read(win: Window): string | undefined {
  try {
    return win.sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
