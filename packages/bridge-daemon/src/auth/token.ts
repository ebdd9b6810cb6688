import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Where the bearer token came from. */
export interface TokenSource {
  token: string;
  /** The file holding it; undefined when it came from DDBRIDGE_TOKEN. */
  file: string | undefined;
  generated: boolean;
}

/**
 * Finds the daemon's bearer token: DDBRIDGE_TOKEN if set, else the token
 * file if it exists, else a new random token written to the token file with
 * mode 0600 (its folder 0700), so only this user can read it. A token the
 * user gives that is shorter than {@link MIN_TOKEN_LENGTH} is refused: it
 * guards command execution, and a short one can be guessed.
 */
export async function loadOrCreateToken(file: string, envToken?: string): Promise<TokenSource> {
  const existing = await readToken(file, envToken);
  if (existing) return existing;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString("base64url");
  await writeFile(file, `${token}\n`, { mode: 0o600, flag: "wx" });
  await chmod(file, 0o600);
  return { token, file, generated: true };
}

/**
 * The token a daemon started with these settings uses, without creating one:
 * DDBRIDGE_TOKEN, else the token file; undefined when neither exists.
 */
export async function readToken(file: string, envToken?: string): Promise<TokenSource | undefined> {
  if (envToken) {
    refuseWeak(envToken, "DDBRIDGE_TOKEN");
    return { token: envToken, file: undefined, generated: false };
  }
  const existing = await readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw new Error(`cannot read token file ${file}: ${err.message}`);
  });
  if (existing === undefined) return undefined;
  const token = existing.trim();
  if (token === "") throw new Error(`token file ${file} is empty`);
  refuseWeak(token, `token file ${file}`);
  const mode = (await stat(file)).mode & 0o077;
  if (mode !== 0 && process.platform !== "win32") {
    throw new Error(`token file ${file} is readable by others; run: chmod 600 ${file}`);
  }
  return { token, file, generated: false };
}

/** The shortest token accepted; generated tokens are 43 characters (256 bits). */
export const MIN_TOKEN_LENGTH = 32;

function refuseWeak(token: string, where: string): void {
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new Error(
      `${where} holds a ${token.length}-character token; ddbridge needs at least ${MIN_TOKEN_LENGTH} (it generates 43): use a random one, e.g. openssl rand -base64 32`,
    );
  }
}
