import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bearerCheck } from "./bearer-check.js";
import { mintSessionCredential } from "./session-credential.js";

describe("bearerCheck", () => {
  const token = "t".repeat(40);
  const check = bearerCheck(token);

  it("accepts exactly the token, or a session credential minted under it", () => {
    assert.equal(check(`Bearer ${token}`), undefined);
    assert.equal(check(`Bearer ${mintSessionCredential(token)}`), undefined);
  });

  it("says what is wrong otherwise", () => {
    assert.match(check(null)!, /missing bearer token/);
    assert.match(check(undefined)!, /missing bearer token/);
    assert.equal(check(`Bearer ${"t".repeat(39)}`), "invalid bearer token");
    assert.equal(check(`Bearer ${"u".repeat(40)}`), "invalid bearer token");
    assert.equal(check(`bearer ${token}`), "invalid bearer token");
    assert.equal(check(`Bearer ${mintSessionCredential("u".repeat(40))}`), "invalid bearer token");
    assert.equal(check(`bearer ${mintSessionCredential(token)}`), "invalid bearer token");
  });
});
