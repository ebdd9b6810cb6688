import { mintLoginCode } from "../auth/login-code.js";

/**
 * The UI address with a fresh single-use login code in its fragment (which
 * browsers never send to a server): the page exchanges it for a session
 * credential at once, so the address a browser keeps in its history is spent.
 */
export function uiUrl(base: string, token: string): string {
  return `${base}/#ddbridge-code=${mintLoginCode(token)}`;
}
