/** Reports end up in CI artifacts: the token in a UI URL the daemon logs stays out of them. */
export function redactToken(log: string): string {
  return log.replace(/#ddbridge-token=[^\s"]+/g, "#ddbridge-token=(redacted)");
}
