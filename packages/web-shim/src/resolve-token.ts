const FRAGMENT_KEY = "ddbridge-token";
const STORAGE_KEY = "ddbridge-token";

/**
 * Finds the daemon's token in the browser without the user copying it: the
 * daemon prints a URL ending in `#ddbridge-token=...`. The fragment never
 * reaches a server or a log; it is kept in this origin's sessionStorage and
 * removed from the address bar, so reloads keep working and the token is not
 * bookmarked or shared by accident.
 */
export function resolveToken(win: Window, explicit?: string): string | undefined {
  if (explicit) return explicit;
  const params = new URLSearchParams(win.location.hash.slice(1));
  const fromFragment = params.get(FRAGMENT_KEY);
  if (fromFragment) {
    try {
      win.sessionStorage.setItem(STORAGE_KEY, fromFragment);
    } catch {
      // Storage can be disabled; the token still works for this page load.
    }
    params.delete(FRAGMENT_KEY);
    const rest = params.toString();
    win.history.replaceState(
      win.history.state,
      "",
      `${win.location.pathname}${win.location.search}${rest ? `#${rest}` : ""}`,
    );
    return fromFragment;
  }
  try {
    return win.sessionStorage.getItem(STORAGE_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}
