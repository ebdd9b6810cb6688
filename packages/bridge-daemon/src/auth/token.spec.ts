import assert from "node:assert/strict";
import { chmod, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadOrCreateToken } from "./token.js";

describe("loadOrCreateToken", () => {
  it("generates a token into a new 0600 file and reads it back next time", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "ddbridge-token-")), "sub", "token");
    const first = await loadOrCreateToken(file);
    assert.equal(first.generated, true);
    assert.ok(first.token.length >= 40);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.equal((await readFile(file, "utf8")).trim(), first.token);
    const second = await loadOrCreateToken(file);
    assert.deepEqual(second, { token: first.token, file, generated: false });
  });

  it("prefers DDBRIDGE_TOKEN and writes nothing", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "ddbridge-token-")), "token");
    const token = "a-token-of-exactly-32-characters";
    assert.equal(token.length, 32);
    assert.deepEqual(await loadOrCreateToken(file, token), {
      token,
      file: undefined,
      generated: false,
    });
    await assert.rejects(stat(file));
  });

  it("refuses a token shorter than 32 characters, from DDBRIDGE_TOKEN or a file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ddbridge-token-"));
    await assert.rejects(
      loadOrCreateToken(join(dir, "token"), "a-token-of-only-31-characters!!"),
      /DDBRIDGE_TOKEN holds a 31-character token; ddbridge needs at least 32/,
    );
    const short = join(dir, "short");
    await writeFile(short, "secret\n", { mode: 0o600 });
    await assert.rejects(loadOrCreateToken(short), /token file .*short holds a 6-character token/);
  });

  it("refuses a token file others can read, and an empty one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ddbridge-token-"));
    const open = join(dir, "open");
    await writeFile(open, "a-secret-token-that-is-long-enough-to-pass");
    await chmod(open, 0o644);
    await assert.rejects(loadOrCreateToken(open), /readable by others/);
    const empty = join(dir, "empty");
    await writeFile(empty, "\n", { mode: 0o600 });
    await assert.rejects(loadOrCreateToken(empty), /is empty/);
  });
});
