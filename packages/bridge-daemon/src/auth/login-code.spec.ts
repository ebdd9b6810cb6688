import assert from "node:assert/strict";
import { it } from "node:test";
import { createCodeRedeemer, LOGIN_CODE_TTL_MS, mintLoginCode } from "./login-code.js";

const token = "k".repeat(43);

it("a login code works once, before it expires, under its own token", () => {
  const redeem = createCodeRedeemer(token);
  const now = Date.now();
  const code = mintLoginCode(token, now);
  assert.ok(!code.includes(token));
  assert.equal(redeem(code, now + 1000), undefined);
  assert.equal(redeem(code, now + 2000), "this login link was already used");
  assert.equal(
    redeem(mintLoginCode(token, now), now + LOGIN_CODE_TTL_MS + 1000),
    "this login link has expired",
  );
  assert.equal(
    createCodeRedeemer("j".repeat(43))(mintLoginCode(token)),
    "this login link was made for another token",
  );
  for (const bad of ["", "c1.", "c1.a.b", "x1.a.b.c", `${mintLoginCode(token)}.x`, token]) {
    assert.ok(redeem(bad), `refused: ${JSON.stringify(bad)}`);
  }
  // A forged expiry breaks the MAC.
  const [p, , nonce, sig] = mintLoginCode(token, now).split(".");
  assert.equal(
    redeem(`${p}.zzzzzz.${nonce}.${sig}`, now),
    "this login link was made for another token",
  );
});
