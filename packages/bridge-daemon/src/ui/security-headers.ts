/**
 * Headers on every UI response (pages, assets, the shim, a dev server's
 * answers). The UI holds a token that runs commands, so no other site may
 * frame it (clickjacking), browsers must not guess types, and its URLs (with
 * paths that may name things) are not sent as referrers.
 */
export const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "x-frame-options": "DENY",
  "content-security-policy": "frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
});
