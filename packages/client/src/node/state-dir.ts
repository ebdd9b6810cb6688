import { homedir } from "node:os";
import { join } from "node:path";

/**
 * ddbridge's state folder, where `ddbridge serve` keeps its token file and
 * `up` its installs: DDBRIDGE_HOME, else ~/.ddbridge. The daemon and every
 * Node client read it here, so the two cannot disagree.
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DDBRIDGE_HOME ?? join(homedir(), ".ddbridge");
}

/** The token file `ddbridge serve` writes and the clients read when given none. */
export function defaultTokenFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(stateDir(env), "token");
}
