/** The UI address carrying the token in its fragment, which browsers never send to a server. */
export function uiUrl(base: string, token: string): string {
  return `${base}/#ddbridge-token=${encodeURIComponent(token)}`;
}
