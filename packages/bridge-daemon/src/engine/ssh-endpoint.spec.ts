import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { tempDir } from "@ddbridge/testing";
import { readKnownHosts, sshLogin, sshLoginProblem } from "./ssh-endpoint.js";

test("known_hosts entries match by plain and hashed name, with the port in brackets", async () => {
  const tmp = await tempDir();
  try {
    const salt = randomBytes(20);
    const hashed = createHmac("sha1", salt).update("[127.0.0.1]:2222").digest("base64");
    const file = join(tmp.dir, "known_hosts");
    await writeFile(
      file,
      [
        "# comment",
        "example.org,10.0.0.1 ssh-ed25519 AAAAplain",
        `|1|${salt.toString("base64")}|${hashed} ssh-ed25519 AAAAhashed`,
        "@revoked example.org ssh-ed25519 AAAArevoked",
      ].join("\n"),
    );
    assert.deepEqual([...readKnownHosts(file, "example.org", 22)], ["AAAAplain"]);
    assert.deepEqual([...readKnownHosts(file, "10.0.0.1", 22)], ["AAAAplain"]);
    assert.deepEqual([...readKnownHosts(file, "127.0.0.1", 2222)], ["AAAAhashed"]);
    assert.deepEqual([...readKnownHosts(file, "127.0.0.1", 22)], []);
  } finally {
    await tmp.remove();
  }
});

test("sshLogin takes the URL's user, an unencrypted key of ~/.ssh, and verifies the host key", async (t) => {
  if (spawnSync("ssh-keygen", ["-?"]).error) return t.skip("no ssh-keygen here");
  const tmp = await tempDir();
  try {
    await mkdir(join(tmp.dir, ".ssh"));
    const key = join(tmp.dir, ".ssh", "id_ed25519");
    spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", key]);
    const url = new URL("ssh://deploy@127.0.0.1:2222");
    let login = sshLogin(url, {}, tmp.dir);
    assert.equal(login.username, "deploy");
    assert.equal(login.port, 2222);
    assert.deepEqual(login.privateKey, await readFile(key));
    assert.match(
      sshLoginProblem(login, tmp.dir)!,
      /not in .*known_hosts: connect once with ssh -p 2222 deploy@127.0.0.1/,
    );
    const pub = (await readFile(`${key}.pub`, "utf8")).split(" ");
    await writeFile(join(tmp.dir, ".ssh", "known_hosts"), `[127.0.0.1]:2222 ${pub[0]} ${pub[1]}\n`);
    login = sshLogin(url, {}, tmp.dir);
    assert.equal(sshLoginProblem(login, tmp.dir), undefined);
    assert.equal(login.hostVerifier(Buffer.from(pub[1]!, "base64")), true);
    assert.equal(login.hostVerifier(randomBytes(51)), false);
    // A key with a passphrase is left to the agent.
    spawnSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "secret", "-f", `${key}2`]);
    await writeFile(key, await readFile(`${key}2`));
    assert.equal(sshLogin(url, {}, tmp.dir).privateKey, undefined);
    assert.match(sshLoginProblem(sshLogin(url, {}, tmp.dir), tmp.dir)!, /no ssh key/);
  } finally {
    await tmp.remove();
  }
});
