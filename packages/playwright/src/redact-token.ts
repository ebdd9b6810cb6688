/**
 * Reports end up in CI artifacts: a login code or token in a UI URL the daemon
 * logs stays out of them (a code may not be spent yet).
 */
export function redactToken(log: string): string {
  return log.replace(/#ddbridge-(token|code)=[^\s"]+/g, "#ddbridge-$1=(redacted)");
}
